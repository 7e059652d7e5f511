import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, hydrated, signIn, signOut } from "./helpers";

async function openFromMenu(page: Page, link: string, heading: string | RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await hydrated(page);
}

/** "£1,234.50" as pence. */
function pence(money: string): number {
  return Math.round(Number(money.replace(/[£,\s]/g, "")) * 100);
}

/** A figure ("Committed", "Remaining") of the department's trust study budget. */
async function budgetFigure(page: Page, figure: string): Promise<number> {
  const budget = page.getByRole("region", { name: /^Medical Physics: Trust study budget/ });
  const value = budget.locator("dt", { hasText: new RegExp(`^${figure}$`) }).locator("xpath=following-sibling::dd");
  return pence((await value.textContent()) ?? "");
}

test("a staff member requests funding and the manager's approval commits it against the budget", async ({ page }) => {
  test.setTimeout(120_000);
  const activity = `MRI safety course ${Date.now()}`;
  const today = new Date().toISOString().slice(0, 10);

  // The manager notes the budget's committed figure before.
  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: /Welcome/ })).toBeVisible();
  await openFromMenu(page, "CPD budgets", "CPD budgets");
  await expectAccessible(page);
  const committedBefore = await budgetFigure(page, "Committed");
  const remainingBefore = await budgetFigure(page, "Remaining");
  await signOut(page);

  // The staff member asks for £450 (fee) + £62.40 (travel).
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await openFromMenu(page, "Funding", "Funding requests");
  await page.getByRole("link", { name: "Request funding" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Request funding" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel("Course or activity").fill(activity);
  await page.getByLabel("Provider").fill("IPEM");
  await page.getByLabel("Start date").fill(today);
  await page.getByLabel("End date").fill(today);
  await page.getByLabel("Course fee").fill("450");
  await page.getByLabel("Travel").fill("abc");
  await page.getByLabel("Funding source").selectOption({ label: "Trust study budget" });
  await page.getByLabel("Why you need it").fill("The new MR-linac needs an MR-safe physics team.");
  await page.getByRole("button", { name: "Save draft" }).click();
  // Bad money is refused next to its field, and what was typed stays.
  await expect(page.locator("#travel-error")).toContainText("Enter an amount in pounds");
  await expect(page.getByLabel("Course or activity")).toHaveValue(activity);
  await page.getByLabel("Travel").fill("62.40");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { level: 1, name: activity })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send to my line manager" }).click();
  await expect(page.getByText("Submitted", { exact: true })).toBeVisible();
  await signOut(page);

  // The manager approves it from Approvals, then sees the figures move.
  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: /Welcome/ })).toBeVisible();
  await openFromMenu(page, "Approvals", "Approvals");
  await page.getByRole("link", { name: `Sam Patel: ${activity}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: activity })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole("region", { name: "Budget" })).toContainText("remaining of");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Approved", { exact: true })).toBeVisible();
  await openFromMenu(page, "CPD budgets", "CPD budgets");
  expect(await budgetFigure(page, "Committed")).toBe(committedBefore + 51240);
  expect(await budgetFigure(page, "Remaining")).toBe(remainingBefore - 51240);
  const budget = page.getByRole("region", { name: /^Medical Physics: Trust study budget/ });
  await budget.getByText(/^Committed: approved requests/).click();
  await expect(budget.getByRole("link", { name: `Sam Patel: ${activity}` })).toBeVisible();
});

test("the compliance dashboard shows a manager their team and sorts by a column", async ({ page }) => {
  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: /Welcome/ })).toBeVisible();
  await openFromMenu(page, "Compliance", "Compliance dashboard");
  await expect(page.getByText(/have a current signed-off job plan - \d+% against 90%/)).toBeVisible();
  const table = page.getByRole("table", { name: /People/ });
  await expect(table.getByRole("rowheader", { name: "Sam Patel" })).toBeVisible();
  await expectAccessible(page);
  // Sorted by name to begin with; reversed from the keyboard, then back.
  const person = table.getByRole("columnheader", { name: /Person/ });
  await expect(person).toHaveAttribute("aria-sort", "ascending");
  const names = await table.getByRole("rowheader").allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  await table.getByRole("link", { name: /^Person/ }).focus();
  await page.keyboard.press("Enter");
  await expect(person).toHaveAttribute("aria-sort", "descending");
  expect(await table.getByRole("rowheader").allTextContents()).toEqual([...names].reverse());
  await table.getByRole("link", { name: /^CPD this year/ }).click();
  await expect(table.getByRole("columnheader", { name: /CPD this year/ })).toHaveAttribute("aria-sort", "ascending");
  // A cell leads to what it summarises.
  await table.getByRole("row", { name: /Sam Patel/ }).getByRole("link", { name: /hours$/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "CPD record" })).toBeVisible();
});
