import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, hydrated, signIn, signOut } from "./helpers";

test("a signed-out visitor is sent to sign in, signs in and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await signIn(page, "staff@demo.test");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Sam Patel" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Sam Patel");
  await expect(page.getByRole("term").filter({ hasText: "Line manager" })).toBeVisible();
  await expectAccessible(page);

  await signOut(page);
  await expectAccessible(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a wrong password is reported in an error summary", async ({ page }) => {
  await signIn(page, "staff@demo.test", "not-my-password");
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toContainText("Email address or password is incorrect");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectAccessible(page);
});

test("a malformed email is reported next to the field", async ({ page }) => {
  await signIn(page, "not-an-email", "whatever-it-is");
  await expect(page.getByRole("alert")).toContainText("Enter an email address in the correct format");
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#email-error")).toContainText("Enter an email address in the correct format");
  await expectAccessible(page);
});

test("signing in works from the keyboard alone", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.getByLabel("Email address").focus();
  await page.keyboard.type("manager@demo.test");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Dr Tom Okafor" })).toBeVisible();
  await expectAccessible(page);
});
