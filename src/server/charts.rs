//! Charts drawn on the server as SVG: a trend line and bars by group. Each
//! has a title and a description giving every number it shows, and the
//! page puts the table of the same numbers next to it.

use crate::api::retention::TrendPoint;
use crate::domain::retention::{GroupFigures, percent};
use std::fmt::Write;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 24.0;

/// Leaver and joiner rates by year, as two lines on a 0-N% scale.
pub fn trend(points: &[TrendPoint]) -> String {
    let height = 260.0;
    let bottom = height - 48.0;
    let rates: Vec<(Option<f64>, Option<f64>)> = points
        .iter()
        .map(|p| (p.figures.leaver_rate(), p.figures.joiner_rate()))
        .collect();
    let top_rate = scale_top(rates.iter().flat_map(|(l, j)| [*l, *j]).flatten());
    let x = |i: usize| {
        let span = (points.len().max(2) - 1) as f64;
        LEFT + (WIDTH - LEFT - RIGHT) * (i as f64) / span
    };
    let y = |rate: f64| bottom - (bottom - TOP) * (rate / top_rate);
    let description = points
        .iter()
        .map(|p| {
            format!(
                "{}: leaver rate {}, joiner rate {}",
                p.label,
                percent(p.figures.leaver_rate()),
                percent(p.figures.joiner_rate())
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = open(
        "trend-chart",
        height,
        "Leaver and joiner rates by year",
        &description,
    );
    axis(&mut svg, top_rate, bottom, y);
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="chart__label">{}</text>"#,
            x(i),
            bottom + 18.0,
            escape(&p.label)
        );
    }
    for (series, class, pick) in [
        ("Leaver rate", "chart__line--leavers", 0),
        ("Joiner rate", "chart__line--joiners", 1),
    ] {
        let mut path = String::new();
        let mut pen_down = false;
        for (i, pair) in rates.iter().enumerate() {
            let rate = if pick == 0 { pair.0 } else { pair.1 };
            match rate {
                Some(rate) => {
                    let _ = write!(
                        path,
                        "{}{:.1},{:.1} ",
                        if pen_down { "L" } else { "M" },
                        x(i),
                        y(rate)
                    );
                    pen_down = true;
                    let _ = write!(
                        svg,
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" class="{class}"/>"#,
                        x(i),
                        y(rate)
                    );
                }
                None => pen_down = false,
            }
        }
        let _ = write!(
            svg,
            r#"<path d="{}" class="chart__line {class}" fill="none"/>"#,
            path.trim_end()
        );
        let legend_x = LEFT + if pick == 0 { 0.0 } else { 140.0 };
        let _ = write!(
            svg,
            r#"<rect x="{legend_x:.1}" y="{:.1}" width="14" height="4" class="{class}"/><text x="{:.1}" y="{:.1}" class="chart__label">{series}</text>"#,
            height - 14.0,
            legend_x + 20.0,
            height - 9.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The leaver rate of each group as horizontal bars.
pub fn groups(groups: &[GroupFigures], breakdown: &str) -> String {
    let row = 24.0;
    let label_width = 220.0;
    let height = TOP + row * groups.len().max(1) as f64 + 24.0;
    let top_rate = scale_top(groups.iter().filter_map(GroupFigures::leaver_rate));
    let description = groups
        .iter()
        .map(|g| format!("{}: {}", g.group, percent(g.leaver_rate())))
        .collect::<Vec<_>>()
        .join("; ");
    let title = format!("Leaver rate by {}", breakdown.to_lowercase());
    let mut svg = open("groups-chart", height, &title, &description);
    let full = WIDTH - label_width - RIGHT - 48.0;
    for (i, g) in groups.iter().enumerate() {
        let y = TOP + row * i as f64;
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" class="chart__label">{}</text>"#,
            label_width - 8.0,
            y + 15.0,
            escape(&shorten(&g.group, 30))
        );
        let width = g
            .leaver_rate()
            .map(|r| full * r / top_rate)
            .unwrap_or_default();
        let _ = write!(
            svg,
            r#"<rect x="{label_width:.1}" y="{:.1}" width="{width:.1}" height="{:.1}" class="chart__bar"/><text x="{:.1}" y="{:.1}" class="chart__label">{}</text>"#,
            y + 3.0,
            row - 8.0,
            label_width + width + 6.0,
            y + 15.0,
            percent(g.leaver_rate())
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The opening tag with the title and description that screen readers
/// announce for the whole image.
fn open(id: &str, height: f64, title: &str, description: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:.0}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description)
    )
}

fn axis(svg: &mut String, top_rate: f64, bottom: f64, y: impl Fn(f64) -> f64) {
    for step in 0..=4 {
        let rate = top_rate * f64::from(step) / 4.0;
        let _ = write!(
            svg,
            r#"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" class="chart__grid"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="chart__label">{:.0}%</text>"#,
            WIDTH - RIGHT,
            y(rate),
            y(rate),
            LEFT - 6.0,
            y(rate) + 4.0,
            rate * 100.0
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" x2="{:.1}" y1="{bottom:.1}" y2="{bottom:.1}" class="chart__axis"/>"#,
        WIDTH - RIGHT
    );
}

/// The top of the scale: the largest rate rounded up to the next 5%, and
/// never below 5%.
fn scale_top(rates: impl Iterator<Item = f64>) -> f64 {
    let largest = rates.fold(0.0_f64, f64::max);
    ((largest * 20.0).ceil() / 20.0).max(0.05)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max - 1).collect();
        format!("{kept}…")
    }
}

/// Escapes text for SVG content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(group: &str, leavers: u32, start: u32) -> GroupFigures {
        GroupFigures {
            group: group.into(),
            in_post_start: start,
            in_post_end: start,
            leavers,
            ..Default::default()
        }
    }

    #[test]
    fn group_names_are_escaped_and_every_number_is_described() {
        let svg = groups(
            &[figures("<script>&", 1, 10), figures("Empty", 0, 0)],
            "Department",
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;: 10.0%"));
        assert!(svg.contains("Empty: -"));
        assert!(svg.contains(r#"role="img""#));
    }

    #[test]
    fn the_scale_rounds_up_to_five_percent() {
        assert_eq!(scale_top([0.12, 0.031].into_iter()), 0.15);
        assert_eq!(scale_top(std::iter::empty()), 0.05);
    }

    #[test]
    fn an_undefined_year_breaks_the_line() {
        let point = |label: &str, start: u32| TrendPoint {
            label: label.into(),
            from: String::new(),
            to: String::new(),
            figures: figures("All staff", 1, start),
        };
        let svg = trend(&[
            point("2023/24", 10),
            point("2024/25", 0),
            point("2025/26", 10),
        ]);
        assert!(svg.contains("2024/25: leaver rate -, joiner rate -"));
        // Two separate pieces of the leaver line, each a move.
        let leaver_path = svg
            .split("<path d=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        assert_eq!(leaver_path.matches('M').count(), 2);
    }
}
