import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, signOut } from "./helpers";

/** What each demo login sees in the main menu, and the heading of each section. */
const MENUS: Record<string, { link: string; heading: string }[]> = {
  "staff@demo.test": [
    { link: "Home", heading: "Welcome, Sam Patel" },
    { link: "My CPD", heading: "My CPD" },
    { link: "Learning time", heading: "Protected learning time" },
    { link: "Development plan", heading: "My personal development plan" },
    { link: "Job plan", heading: "My job plan" },
    { link: "Funding", heading: "Funding requests" },
    { link: "Registrations", heading: "Registrations and certificates" },
  ],
  "manager@demo.test": [
    { link: "Home", heading: "Welcome, Dr Tom Okafor" },
    { link: "My CPD", heading: "My CPD" },
    { link: "Learning time", heading: "Protected learning time" },
    { link: "Development plan", heading: "My personal development plan" },
    { link: "Job plan", heading: "My job plan" },
    { link: "Funding", heading: "Funding requests" },
    { link: "Registrations", heading: "Registrations and certificates" },
    { link: "My team", heading: "My team" },
    { link: "Approvals", heading: "Approvals" },
    { link: "Compliance", heading: "Compliance dashboard" },
    { link: "Team job plans", heading: "Job plans" },
    { link: "CPD budgets", heading: "CPD budgets" },
    { link: "Retention", heading: "Retention statistics" },
    { link: "Data exports", heading: "Data exports" },
  ],
  "head@demo.test": [
    { link: "Home", heading: "Welcome, Dr Priya Raman" },
    { link: "My CPD", heading: "My CPD" },
    { link: "Learning time", heading: "Protected learning time" },
    { link: "Development plan", heading: "My personal development plan" },
    { link: "Job plan", heading: "My job plan" },
    { link: "Funding", heading: "Funding requests" },
    { link: "Registrations", heading: "Registrations and certificates" },
    { link: "My team", heading: "My team" },
    { link: "Approvals", heading: "Approvals" },
    { link: "Compliance", heading: "Compliance dashboard" },
    { link: "Team job plans", heading: "Job plans" },
    { link: "CPD budgets", heading: "CPD budgets" },
    { link: "Retention", heading: "Retention statistics" },
    { link: "Service risk", heading: "Service risk: MPE and RPA cover" },
    { link: "Data exports", heading: "Data exports" },
  ],
  "hr@demo.test": [
    { link: "Home", heading: "Welcome, Helen Rees" },
    { link: "Compliance", heading: "Compliance dashboard" },
    { link: "Team job plans", heading: "Job plans" },
    { link: "CPD budgets", heading: "CPD budgets" },
    { link: "Retention", heading: "Retention statistics" },
    { link: "Service risk", heading: "Service risk: MPE and RPA cover" },
    { link: "Data exports", heading: "Data exports" },
    { link: "Staff directory", heading: "Staff directory" },
    { link: "Import staff", heading: "Import staff" },
  ],
  "admin@demo.test": [
    { link: "Home", heading: "Welcome, Alex Morgan" },
    { link: "Compliance", heading: "Compliance dashboard" },
    { link: "Team job plans", heading: "Job plans" },
    { link: "CPD budgets", heading: "CPD budgets" },
    { link: "Retention", heading: "Retention statistics" },
    { link: "Service risk", heading: "Service risk: MPE and RPA cover" },
    { link: "Data exports", heading: "Data exports" },
    { link: "Staff directory", heading: "Staff directory" },
    { link: "Import staff", heading: "Import staff" },
    { link: "Departments and teams", heading: "Departments and teams" },
    { link: "CPD activity types", heading: "CPD activity types" },
    { link: "Job plan categories", heading: "Job plan categories" },
    { link: "Funding sources", heading: "Funding sources" },
    { link: "CPD targets", heading: "CPD targets and protected learning time" },
    { link: "Service cover", heading: "Service cover requirements" },
  ],
};

for (const [email, sections] of Object.entries(MENUS)) {
  test(`${email} sees exactly their own sections, and each works`, async ({ page }) => {
    // Pages ask the server only for what the signed-in person may have:
    // no request is refused, from signing in to the last section.
    const refused: string[] = [];
    page.on("response", (response) => {
      if ([401, 403].includes(response.status())) refused.push(`${response.status()} ${response.url()}`);
    });
    await signIn(page, email);
    await expect(page.getByRole("heading", { level: 1, name: sections[0].heading })).toBeVisible();
    const menu = page.getByRole("navigation", { name: "Main menu" });
    await expect(menu.getByRole("link")).toHaveText(sections.map((s) => s.link));
    for (const section of sections) {
      await menu.getByRole("link", { name: section.link, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: section.heading })).toBeVisible();
      await expect(page.getByRole("alert")).toHaveCount(0);
      await expectAccessible(page);
    }
    expect(refused).toEqual([]);
    await signOut(page);
    expect(refused).toEqual([]);
  });
}

test("a staff member who opens an admin page is told they have no access", async ({ page }) => {
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await page.goto("/admin/organisation");
  await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
  await expectAccessible(page);
});
