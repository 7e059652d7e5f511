import { expect, test } from "@playwright/test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectAccessible, hydrated, signIn } from "./helpers";

const HEADER =
  "staff_id,name,email,staff_group,job_role,band,department,team,contracted_hours,start_date,end_date,leaving_reason,line_manager_staff_id";

/** Writes a CSV extract with these rows to a temporary file. */
function extract(name: string, rows: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "mpce-import-")), name);
  writeFileSync(path, [HEADER, ...rows].join("\r\n") + "\r\n");
  return path;
}

const IRIS =
  'IMP0001,"Iris Imported",iris.imported@demo.test,Healthcare Scientists,Clinical Scientist,7,Imported Physics,Dosimetry,37.5,05/01/2026,,,';

test("HR imports staff, sees the preview, applies it, reads the retention statistics and downloads them", async ({ page }) => {
  await signIn(page, "hr@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Helen Rees" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Import staff" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import staff" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Nothing chosen: the message is next to the field.
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByText("Error: Select a CSV file")).toBeVisible();

  // A file with a problem: shown with its row and column, and no way to apply it.
  const file = page.getByLabel("CSV file");
  await file.setInputFiles(
    extract("with-a-problem.csv", [
      IRIS,
      "IMP0002,Ivan Imported,ivan.imported@demo.test,Healthcare Scientists,Clinical Scientist,7,Imported Physics,,60,2026-01-05,,,",
    ]),
  );
  await page.getByLabel("Date the extract describes").fill("2026-04-01");
  await page.getByRole("button", { name: "Check file" }).click();
  const problems = page.getByRole("table", { name: "Problems in the file: 1" });
  await expect(problems).toBeVisible();
  await expect(problems.getByRole("row").nth(1).getByRole("cell")).toHaveText([
    "3",
    "contracted_hours",
    "Contracted hours must be more than 0 and at most 48",
  ]);
  await expect(page.getByRole("button", { name: "Apply import" })).toHaveCount(0);
  await expectAccessible(page);

  // The corrected file: one new person in a new department and team.
  await file.setInputFiles(extract("staff.csv", [IRIS]));
  await expect(problems).toHaveCount(0);
  await page.getByRole("button", { name: "Check file" }).click();
  await expect(page.getByRole("status")).toHaveText("Checked 1 row.");
  const summary = page.getByRole("region", { name: /Preview of staff.csv/ });
  const value = (key: string) => summary.locator(".summary-list__row", { hasText: key }).locator("dd");
  await expect(value("To add")).toHaveText("1");
  await expect(value("To update")).toHaveText("0");
  await expect(value("Unchanged")).toHaveText("0");
  await expect(value("New departments")).toHaveText("1: Imported Physics");
  await expect(value("New teams")).toHaveText("1: Imported Physics: Dosimetry");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Apply import" }).click();
  await expect(page.getByText("Imported: 1 added, 0 updated, 0 unchanged")).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("The import is complete.");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Open the staff directory" }).click();
  await page.getByRole("searchbox", { name: "Search by name, email or job role" }).fill("Iris");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("table")).toContainText("Iris Imported");

  // The statistics: Iris joined Imported Physics in January 2026, inside
  // the default financial year 2025/26 (31 March 2025 to 31 March 2026).
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Retention" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Retention statistics" })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("img", { name: "Leaver and joiner rates by year" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Breakdown").selectOption({ label: "Department" });
  await page.getByRole("button", { name: "Show statistics" }).click();
  await expect(page).toHaveURL(/by=department/);
  const byDepartment = page.getByRole("table", { name: "Figures by department" });
  const imported = byDepartment.getByRole("row", { name: /Imported Physics/ });
  // In post at the start 0, at the end 1; one joiner; joiner rate 1 / 0.5.
  await expect(imported.getByRole("cell")).toHaveText([
    "0", "1", "0.00", "1.00", "1", "0", "0", "0", "0.0%", "200.0%", "-",
  ]);
  await expect(imported).toContainText("Too small to read");
  await expect(page.getByRole("img", { name: "Leaver rate by department" })).toBeVisible();
  await expectAccessible(page);

  // Both exports hold the same numbers.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^retention-department-\d{4}-03-31-\d{4}-03-31\.csv$/);
  const csvText = readFileSync(await csv.path(), "utf8");
  expect(csvText).toContain("Breakdown,Department");
  expect(csvText).toContain("Imported Physics,0,1,0.00,1.00,1,0,0,0,0.0000,2.0000,,yes");
  const [xlsx] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Excel (XLSX)" }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  // An XLSX file is a ZIP archive.
  expect(readFileSync(await xlsx.path()).subarray(0, 2).toString()).toBe("PK");
});
