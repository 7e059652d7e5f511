import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "../tests/helpers";

/**
 * Issue 4's browser figures: loading the editor for a plan of 40
 * activities (navigation to hydrated) and recalculating its grid and totals
 * after one keystroke (input event to the totals table changing).
 */
const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

test("render and recalculate a 40-activity job plan", async ({ page }) => {
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  const start = await page.request.post("/api/job-plans/start", { form: { year: "" }, headers: { accept: "application/json" } });
  const id = Number(await start.text());
  const activities = [];
  for (let i = 0; i < 40; i++) {
    const hour = 8 + (i % 8);
    activities.push({
      day: DAYS[Math.floor(i / 8)],
      start: `${String(hour).padStart(2, "0")}:00`,
      end: `${String(hour + 1).padStart(2, "0")}:00`,
      category: i % 5 === 4 ? "spa" : "dcc",
      description: `Activity ${i + 1}`,
      location: "Department",
      recurrence: "every",
      every_n_weeks: "",
      weeks_per_year: "42",
    });
  }
  const form = {
    contract_kind: "afc", contract_amount: "40", leave_days: "27", public_holidays: "8", study_leave_days: "0",
    on_call_frequency: "", on_call_category: "", on_call_hours: "", activities, annualised: [],
  };
  const saved = await page.request.post("/api/job-plans/save", { data: { id, lock_version: 0, form } });
  expect(saved.status()).toBe(200);

  const loads: number[] = [];
  for (let run = 0; run < 10; run++) {
    const t0 = Date.now();
    await page.goto(`/job-plans/${id}/edit`);
    await hydrated(page);
    loads.push(Date.now() - t0);
  }
  await expect(page.getByRole("group", { name: "Activity 40" })).toBeVisible();

  // One keystroke's worth of change to activity 1's end time; timed until
  // both the totals and the week grid show it, and until the next frame.
  const runs: { updated: number; painted: number }[] = await page.evaluate(async () => {
    const input = document.getElementById("activity-0-end") as HTMLInputElement;
    const results: { updated: number; painted: number }[] = [];
    for (let run = 0; run < 30; run++) {
      const before = document.querySelector(".plan-totals")?.textContent;
      const end = run % 2 === 0 ? "09:30" : "09:00";
      const done = () =>
        document.querySelector(".plan-totals")?.textContent !== before &&
        (document.querySelector(".week-grid")?.textContent ?? "").includes(`08:00-${end}`);
      const updated = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      const t0 = performance.now();
      input.value = end;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      const t1 = await updated;
      const t2 = await new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
      results.push({ updated: t1 - t0, painted: t2 - t0 });
    }
    return results;
  });
  const recalcs = runs.map((r) => r.updated);
  const painted = runs.map((r) => r.painted);
  console.log(`40-activity editor: load to hydrated median ${median(loads)} ms (max ${Math.max(...loads)} ms over ${loads.length})`);
  console.log(`40-activity editor: recalculation (totals and grid updated) median ${median(recalcs).toFixed(1)} ms (max ${Math.max(...recalcs).toFixed(1)} ms over ${recalcs.length})`);
  console.log(`40-activity editor: to the next frame median ${median(painted).toFixed(1)} ms (max ${Math.max(...painted).toFixed(1)} ms)`);
});
