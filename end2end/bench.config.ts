import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

/** Browser measurements (not tests): `npx playwright test --config bench.config.ts`. */
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "**/*.bench.ts",
  timeout: 300_000,
});
