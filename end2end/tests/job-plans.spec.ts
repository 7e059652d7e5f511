import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { expectAccessible, hydrated, signIn, signOut } from "./helpers";

/** Fills the fields of one activity's fieldset in the editor. */
async function fillActivity(
  page: Page,
  n: number,
  a: { day: string; start: string; end: string; category: string; description: string },
): Promise<void> {
  const row = page.getByRole("group", { name: `Activity ${n}` });
  await row.getByLabel("Day").selectOption({ label: a.day });
  await row.getByLabel("Start").fill(a.start);
  await row.getByLabel("End").fill(a.end);
  await row.getByLabel("Category").selectOption({ label: a.category });
  await row.getByLabel("Description").fill(a.description);
}

async function openFromMenu(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await hydrated(page);
}

/** Opens Sam Patel's plan from the approver's team view queue. */
async function openSamsPlanFromQueue(page: Page, awaiting: string): Promise<void> {
  await openFromMenu(page, "Team job plans", "Job plans");
  const queue = page.getByRole("table", { name: "Awaiting you" });
  const row = queue.getByRole("row", { name: /Sam Patel/ });
  await expect(row).toContainText(awaiting);
  await row.getByRole("link", { name: "Sam Patel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Job plan .* for Sam Patel/ })).toBeVisible();
  await hydrated(page);
}

test("a job plan goes from the grid through return, agreement and sign-off to a new version", async ({ page }) => {
  test.setTimeout(180_000);
  // The staff member starts this year's plan and builds the week.
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await hydrated(page);
  await openFromMenu(page, "Job plan", "My job plan");
  await expectAccessible(page);
  await page.getByRole("button", { name: /Start my .* job plan/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Edit job plan .* \(version 1\)/ })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Contracted hours a week").fill("15");

  await page.getByRole("button", { name: "Add an activity" }).click();
  await expect(page.getByRole("group", { name: "Activity 1" }).getByLabel("Day")).toBeFocused();
  await fillActivity(page, 1, { day: "Monday", start: "09:00", end: "12:30", category: "Direct Clinical Care", description: "Linac QA" });
  await page.getByRole("button", { name: "Add an activity" }).click();
  await fillActivity(page, 2, { day: "Monday", start: "13:00", end: "17:00", category: "Supporting Professional Activities", description: "Audit and CPD" });
  const totals = page.getByRole("table", { name: "Totals" });
  await expect(totals.getByRole("row", { name: /^Total/ })).toContainText("7.5");
  await expect(page.getByRole("table", { name: "The week" })).toContainText("Linac QA");

  // An overlapping activity is flagged as it is typed, then removed from the keyboard.
  await page.getByRole("button", { name: "Add an activity" }).click();
  await fillActivity(page, 3, { day: "Monday", start: "12:00", end: "13:30", category: "Direct Clinical Care", description: "Clinic" });
  await expect(page.getByText(/Activity 3 overlaps activity 1 on Monday/)).toBeVisible();
  await page.getByRole("button", { name: "Remove activity 3" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: "Activity 3" })).toHaveCount(0);
  await page.getByRole("group", { name: "Activity 2" }).getByLabel("Day").selectOption({ label: "Tuesday" });
  await fillActivity(page, 2, { day: "Tuesday", start: "09:00", end: "16:30", category: "Supporting Professional Activities", description: "Audit and CPD" });
  await expect(totals.getByRole("row", { name: /^Total/ })).toContainText("11");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("All changes saved")).toBeVisible();
  await page.getByRole("link", { name: "Back to the plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Job plan .* for Sam Patel/ })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "Submit for agreement" }).click();
  await expect(page.getByText(/^Status: Submitted/)).toBeVisible();
  const planUrl = page.url();
  await signOut(page);

  // The line manager returns it with a comment (a comment is required).
  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Dr Tom Okafor" })).toBeVisible();
  await hydrated(page);
  await openSamsPlanFromQueue(page, "Agree");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Return to draft" }).click();
  await expect(page.locator("#comment-error")).toContainText("Say what needs to change");
  await page.getByLabel("Comment (needed to return it to draft)").fill("Please add your on-call rota.");
  await page.getByRole("button", { name: "Return to draft" }).click();
  await expect(page.getByText(/^Status: Draft/)).toBeVisible();
  await signOut(page);

  // The staff member reads the comment, fixes the plan and resubmits.
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await hydrated(page);
  await openFromMenu(page, "Job plan", "My job plan");
  await expect(page.getByRole("region", { name: "History" })).toContainText("Please add your on-call rota.");
  await page.getByRole("link", { name: "Edit the plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Edit job plan/ })).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Rota: 1 in how many?").fill("6");
  await page.getByLabel("On-call category").selectOption("A");
  await page.getByLabel("Hours of work expected in a week on call").fill("3");
  await expect(page.getByRole("group", { name: "On call" })).toBeVisible();
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("All changes saved")).toBeVisible();
  await page.goto(planUrl);
  await hydrated(page);
  await expect(page.getByText("1 in 6, category A, 3 hours of work a week on call")).toBeVisible();
  await page.getByRole("button", { name: "Submit for agreement" }).click();
  await expect(page.getByText(/^Status: Submitted/)).toBeVisible();
  await signOut(page);

  // The line manager agrees.
  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Dr Tom Okafor" })).toBeVisible();
  await hydrated(page);
  await openSamsPlanFromQueue(page, "Agree");
  await page.getByRole("button", { name: "Agree the plan" }).click();
  await expect(page.getByText(/^Status: Agreed; .*agreed by Dr Tom Okafor/)).toBeVisible();
  await signOut(page);

  // The head of service signs off; the printed plan carries the names.
  await signIn(page, "head@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Dr Priya Raman" })).toBeVisible();
  await hydrated(page);
  await openFromMenu(page, "Team job plans", "Job plans");
  await expect(page.getByRole("progressbar", { name: "Staff with a current signed-off job plan" })).toBeVisible();
  await expectAccessible(page);
  await openSamsPlanFromQueue(page, "Sign off");
  await page.getByRole("button", { name: "Sign off the plan" }).click();
  await expect(page.getByText(/signed off by Dr Priya Raman on .*; review due/)).toBeVisible();
  await page.getByRole("link", { name: "Print-ready plan" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Agreement and sign-off" })).toBeVisible();
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main menu" })).toBeHidden();
  await expect(page.getByText(/Signed off by the head of service: Dr Priya Raman, \d{4}-\d{2}-\d{2}/)).toBeVisible();
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(10_000);
  await page.emulateMedia({ media: "screen" });
  await signOut(page);

  // The signed plan cannot be edited; a new version starts as a draft.
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await page.goto(planUrl);
  await hydrated(page);
  await expect(page.getByText(/^Status: Signed off/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit the plan" })).toHaveCount(0);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the timetable (.ics)" }).click();
  const ics = readFileSync(await (await download).path(), "utf8");
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain("SUMMARY:Linac QA (Direct Clinical Care)");
  await page.goto(`${planUrl}/edit`);
  await expect(page.getByText("This plan is signed off: only a draft can be changed.")).toBeVisible();
  await page.goto(planUrl);
  await hydrated(page);
  await page.getByRole("button", { name: "Start a new version" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Edit job plan .* \(version 2\)/ })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("group", { name: "Activity 1" }).getByLabel("Description")).toHaveValue("Linac QA");
  await expectAccessible(page);
});
