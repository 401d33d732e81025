import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Rexian, startRexian } from '@rexian/server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

/**
 * The real pieces for browser tests: the console built from the current sources, the Rexian server
 * in-process on an in-memory database, and Debian's headless Chromium driven by playwright-core.
 */
const consoleRoot = resolve(import.meta.dirname, '../../apps/console');

export const chromiumPath = process.env.REXIAN_CHROMIUM ?? '/usr/bin/chromium';

export type Harness = { rexian: Rexian; browser: Browser; url: string; close(): Promise<void> };

/** Builds the console into a fresh folder so the test never runs against a stale `dist`. */
export async function buildConsole(outDir: string): Promise<void> {
  await build({
    configFile: join(consoleRoot, 'vite.config.ts'),
    root: consoleRoot,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

/** `env` overrides the server's environment (e.g. a real REXIAN_DATA_DIR for tests that need files). */
export async function startHarness(options: { env?: Record<string, string> } = {}): Promise<Harness> {
  const work = await mkdtemp(join(tmpdir(), 'rexian-e2e-'));
  const consoleDir = join(work, 'console');
  await buildConsole(consoleDir);
  const rexian = await startRexian({
    env: {
      REXIAN_PORT: '0',
      REXIAN_HOST: '127.0.0.1',
      REXIAN_DEMO: 'false',
      REXIAN_DATA_DIR: ':memory:',
      REXIAN_SIP_ENABLED: 'false',
      REXIAN_LOG_LEVEL: 'warn',
      REXIAN_CONSOLE_DIR: consoleDir,
      ...options.env,
    },
  });
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await rexian.close();
    throw error;
  }
  return {
    rexian,
    browser,
    url: rexian.url,
    async close() {
      await browser.close();
      await rexian.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, without the background traffic a test must not make. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Runs `steps` in a fresh browser profile (cookies, localStorage): one simulated person. On failure a
 * screenshot of the moment goes to /tmp/rexian-e2e-failure-<name>.png before the error is rethrown.
 */
export async function inSession(
  harness: Harness,
  name: string,
  steps: (page: Page) => Promise<void>,
  options: { locale?: 'zh-CN' | 'en-US' } = {},
): Promise<void> {
  const context = await harness.browser.newContext({
    viewport: { width: 1366, height: 820 },
    locale: 'zh-CN',
    baseURL: harness.url,
  });
  if (options.locale) {
    // Only a first visit gets the preset; a later switch in the page must survive reloads.
    await context.addInitScript((locale) => {
      if (!localStorage.getItem('rexian.locale')) localStorage.setItem('rexian.locale', locale);
    }, options.locale);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  try {
    await steps(page);
  } catch (error) {
    await page.screenshot({ path: join(tmpdir(), `rexian-e2e-failure-${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(next);
  await page.getByTestId('password-submit').click();
}

/**
 * Opens an antd Select / TreeSelect and picks the option with this exact text from its open popup, then
 * waits until the select shows it. On a loaded machine the popup can close before the click lands (the
 * form re-rendered under it) or a click can choose nothing; the pick is then tried again, up to three
 * times — never when the option is already chosen (a multiple select would toggle it off).
 */
export async function pickOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  // antd 6 puts the chosen label in a `title` inside the select (the single value, each tag of a multiple one).
  const chosen = select.locator(`[title=${JSON.stringify(text)}]`);
  const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  for (let attempt = 1; ; attempt++) {
    if ((await chosen.count()) > 0) return;
    try {
      // The first try always opens this select (another one's popup may still be open); a retry opens it
      // only when its popup has closed.
      if (attempt === 1 || !(await popup.isVisible())) await select.click();
      await popup.getByTitle(text, { exact: true }).first().click({ timeout: 5000 });
      await chosen.first().waitFor({ timeout: 3000 });
      return;
    } catch (error) {
      if (attempt === 3) throw new Error(`${testId}: "${text}" could not be picked in ${attempt} tries`, { cause: error });
    }
  }
}

/**
 * Clicks a dialog's closing button until the button is gone: under load a click can land while the dialog
 * is still opening and be lost, which would leave the dialog over the page for the next step.
 */
export async function dismiss(page: Page, buttonTestId: string): Promise<void> {
  const button = page.getByTestId(buttonTestId);
  for (let attempt = 1; ; attempt++) {
    await button.click({ timeout: 5000 }).catch(() => undefined); // already gone: nothing to click
    try {
      await button.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch (error) {
      if (attempt === 3) throw new Error(`${buttonTestId} is still shown after ${attempt} clicks`, { cause: error });
    }
  }
}

/**
 * Clicks a dialog's save button and waits until the dialog is gone: antd hands the focus back to the
 * button that opened it once the close animation ends, and a key press sent before that would land there.
 */
export async function saveDialog(page: Page, saveTestId: string): Promise<void> {
  await page.getByTestId(saveTestId).click();
  await page
    .locator('.ant-modal-wrap')
    .filter({ has: page.getByTestId(saveTestId) })
    .waitFor({ state: 'hidden' });
}

/** Retries `read` until `accept` holds (the page updates asynchronously), then returns the last value read. */
export async function settled<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** The API as the browser sees it (same cookie), for checking what the server refuses. */
export async function apiFromPage(page: Page, path: string, locale = 'zh-CN'): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ path, locale }) => {
      const response = await fetch(`/api/v1${path}`, { headers: { 'Accept-Language': locale } });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { path, locale },
  );
}

/** Screenshots go to /tmp so a person can look at the layout in both languages. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(tmpdir(), `rexian-e2e-${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
