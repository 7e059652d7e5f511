import { expect, test } from "@playwright/test";
import { expectAccessible, hydrated, signIn, signOut } from "./helpers";

test("an administrator adds a staff record and an account, and that person signs in", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Alex Morgan" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Staff directory" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff directory" })).toBeVisible();

  await page.getByRole("searchbox", { name: "Search by name, email or job role" }).fill("Okafor");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("table")).toContainText("Dr Tom Okafor");
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await expectAccessible(page);

  await page.getByRole("link", { name: "Add a staff record" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a staff record" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  // Submitting an empty form reports every missing field.
  await page.getByRole("button", { name: "Save staff record" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Enter a full name");
  await expect(summary).toContainText("Select a staff group");
  await expectAccessible(page);

  await page.getByLabel("Full name").fill("Morgan Ellis");
  await page.getByLabel("Email address").fill("morgan.ellis@demo.test");
  await page.getByLabel("Staff group").selectOption("Healthcare Scientists");
  await page.getByLabel("Job role").fill("Clinical Scientist");
  await page.getByLabel("Agenda for Change band or grade").selectOption("6");
  await page.getByLabel("Contracted hours a week").fill("37.5");
  await page.getByLabel("Department").selectOption({ label: "Medical Physics" });
  await page.getByLabel("Team").selectOption({ label: "MRI Physics (Medical Physics)" });
  await page.getByLabel("Line manager").selectOption({ label: "Dr Tom Okafor" });
  await page.getByLabel("Start date").fill("2026-10-01");
  await page.getByRole("button", { name: "Save staff record" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Morgan Ellis" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Sign-in account" })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);

  await page.getByLabel("First password").fill("copper-window-saffron");
  await page.getByRole("group", { name: "Roles" }).getByLabel("Line manager").check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("The account is active.")).toBeVisible();
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, "morgan.ellis@demo.test", "copper-window-saffron");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Morgan Ellis" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main menu" }).getByRole("link")).toHaveText([
    "Home", "My CPD", "Learning time", "Development plan", "Job plan", "Funding", "Registrations",
    "My team", "Approvals", "Compliance", "Team job plans", "CPD budgets", "Retention", "Data exports",
  ]);
  await expectAccessible(page);
});

test("an administrator adds a department and a team", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Alex Morgan" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/admin/organisation");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Departments and teams" })).toBeVisible();
  await page.getByLabel("Department name").fill("Renal Technology");
  await page.getByRole("button", { name: "Add department" }).click();
  const renal = page.getByRole("region", { name: "Renal Technology" });
  await expect(renal).toBeVisible();
  await renal.getByLabel("New team name").fill("Dialysis");
  await renal.getByRole("button", { name: "Add team to Renal Technology" }).click();
  await expect(renal.getByRole("table")).toContainText("Dialysis");
  await expectAccessible(page);
});
