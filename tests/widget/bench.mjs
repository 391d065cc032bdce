// Widget speed in headless Chromium against a real supportd (rules brain,
// SQLite, sample help centre):
//   - first render: from the widget script starting to run to its button laid
//     out on the demo page (performance measure support-widget:first-render),
//     over fresh page loads;
//   - answers: from pressing Enter to the answer on screen, split into server
//     time (the POST's request start to its first response byte, from
//     Resource Timing) and client time (the rest: building the request,
//     reading the JSON and rendering).
//
//   node bench.mjs <path to supportd> [loads=20] [questions=30]
import { launchChromium, requireChromium, startSupportd } from './harness.mjs';

requireChromium();
const binary = process.argv[2] || process.env.SUPPORTD;
const loads = Number(process.argv[3] || 20);
const questions = Number(process.argv[4] || 30);
const QUESTIONS = ['How long does delivery take?', 'How do I return an item?', 'What payment methods do you accept?',
  'How do I reset my password?', 'Do you deliver outside the EU?', 'How do I use a discount code?',
  'Can I change my order after placing it?', 'How do I wash a down jacket?'];

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values) => `median ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, `
  + `max ${Math.max(...values).toFixed(1)} ms`;

const supportd = await startSupportd(binary, { env: { SUPPORTD_RATE_LIMIT: 'off' }, args: ['--rate-limit', '0'] });
const browser = await launchChromium();
try {
  const firstRenders = [];
  for (let i = 0; i < loads; ++i) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(supportd.base + '/');
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    firstRenders.push(await page.evaluate(() => performance.getEntriesByName('support-widget:first-render')[0].duration));
    await context.close();
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(supportd.base + '/');
  await page.getByRole('button', { name: 'Open chat' }).click();
  const totals = [], servers = [], clients = [], befores = [], afters = [];
  for (let i = 0; i < questions; ++i) {
    await page.getByRole('textbox', { name: 'Your message' }).fill(QUESTIONS[i % QUESTIONS.length]);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => performance.getEntriesByName('support-widget:answer').length > n, i, { timeout: 15000 });
    const turn = await page.evaluate((n) => {
      const total = performance.getEntriesByName('support-widget:answer')[n].duration;
      const post = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/api/agent/messages')).at(-1);
      const sent = performance.getEntriesByName('support-widget:send').at(-1).startTime;
      const after = performance.getEntriesByName('support-widget:answer-client')[n].duration;
      return { total, server: post.responseStart - post.requestStart, before: post.requestStart - sent, after };
    }, i);
    totals.push(turn.total);
    servers.push(turn.server);
    clients.push(turn.total - turn.server);
    befores.push(turn.before);
    afters.push(turn.after);
  }
  await context.close();

  console.log(`supportd widget bench (Chromium ${browser.version()}, ${loads} page loads, ${questions} questions)`);
  console.log(`first render after the script starts: ${summary(firstRenders)} (target 50 ms)`);
  console.log(`send to rendered answer:              ${summary(totals)}`);
  console.log(`  server (request to first byte):     ${summary(servers)}`);
  console.log(`  client (the rest):                  ${summary(clients)}`);
  console.log(`    of which before the request:      ${summary(befores)}`);
  console.log(`    of which response to rendered:    ${summary(afters)}`);
  const share = percentile(servers, 50) / percentile(totals, 50);
  console.log(`  server share of the median answer:  ${(100 * share).toFixed(0)} %`);
} finally {
  await browser.close();
  await supportd.stop();
}
