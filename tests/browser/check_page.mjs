// check_page.mjs — open the page of a plan (map.html as written by
// `wasteopt plan`, or the page a server serves) in headless Chromium and
// check what a planner would see:
//   - the page runs without a script error and says it is ready;
//   - the number of route lines on the Leaflet map and of rows in the
//     route list equal EXPECTED_ROUTES (taken by the caller from
//     plan.json), and the map's canvas carries pixels of the routes'
//     stream colours;
//   - switching the first stream's layer off takes exactly that stream's
//     routes off the map and out of the list, and on again brings them back;
//   - clicking the route with the most stops in the list selects it: its
//     line is drawn wider, its visits are listed with HH:MM times and the
//     stops listed equal the stops its row gives;
//   - the indicators tab has its table;
// then saves a screenshot to SCREENSHOT.
//
// usage: node check_page.mjs URL SCREENSHOT.png EXPECTED_ROUTES
//            [--no-map] [--allow-remote] [--selected-screenshot FILE]
//   --no-map        the page was written without Leaflet: expect the notice
//                   that says so and the route list still complete
//   --allow-remote  let the page load tiles from the network (default: every
//                   request that is not file:, data: or to this machine is
//                   refused, so the test runs the same offline)
//   --selected-screenshot FILE  also save the view with the route selected
// Chromium: $WO_CHROMIUM, else /usr/bin/chromium (Debian's package).
// Exit status 0 when every check holds, 1 with the failed checks listed.
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--') && a !== '--selected-screenshot'));
const selIdx = args.indexOf('--selected-screenshot');
const selShot = selIdx >= 0 ? args[selIdx + 1] : null;
const pos = args.filter((a, i) => !a.startsWith('--') && !(selIdx >= 0 && i === selIdx + 1));
if (pos.length !== 3 || !/^\d+$/.test(pos[2])) {
  console.error('usage: node check_page.mjs URL SCREENSHOT.png EXPECTED_ROUTES ' +
                '[--no-map] [--allow-remote] [--selected-screenshot FILE]');
  process.exit(2);
}
const [url, shot, expectedText] = pos;
const expected = Number(expectedText);
const noMap = flags.has('--no-map');
const failures = [];
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures.push(what);
}

function isLocal(u) {
  if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:')) return true;
  try {
    const h = new URL(u).hostname;
    return h === 'localhost' || h === '[::1]' || h === '::1' || /^127\./.test(h);
  } catch {
    return false;
  }
}

const browser = await chromium.launch({
  executablePath: process.env.WO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // Root in a container has no user namespace for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
let status = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = [];
  let refused = 0;
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (flags.has('--allow-remote') || isLocal(u)) return route.continue();
    refused++;
    return route.abort('internetdisconnected');
  });

  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.waitForFunction(() => window.wasteoptPage && window.wasteoptPage.ready,
                             null, { timeout: 60000 });
  const readyMs = Date.now() - t0;
  // Leaflet's canvas redraws on the next animation frames.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  check(errors.length === 0, 'no script error' + (errors.length ? ': ' + errors.join(' | ') : ''));

  const rows = () => page.locator('#routes tbody tr').count();
  const onMap = () => page.evaluate(() => window.wasteoptPage.routeLayersOnMap());
  check((await rows()) === expected, `route list has ${expected} rows (has ${await rows()})`);

  if (noMap) {
    const note = await page.locator('#notice').innerText();
    check(/Leaflet was not found/.test(note), 'the page says why the map is missing');
    check((await page.evaluate(() => window.wasteoptPage.map)) === null, 'no map drawn');
  } else {
    check((await onMap()) === expected, `map has ${expected} route lines (has ${await onMap()})`);
    const drawn = await page.evaluate(() => {
      // Pixels of the overlay canvas whose colour is one of the routes'.
      const cols = new Set();
      const hex = (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
      const D = JSON.parse(document.getElementById('wo-data').textContent);
      const want = (D.plan ? D.plan.routes : []).map((r) =>
        hex(D.streams.find((s) => s.code === r.stream).colour));
      want.forEach((c) => cols.add(c.join(',')));
      const targets = [...cols].map((s) => s.split(',').map(Number));
      let n = 0;
      document.querySelectorAll('.leaflet-overlay-pane canvas').forEach((cv) => {
        const px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3] < 100) continue;
          for (const t of targets)
            if (Math.abs(px[i] - t[0]) + Math.abs(px[i + 1] - t[1]) + Math.abs(px[i + 2] - t[2]) < 40) {
              n++;
              break;
            }
        }
      });
      return n;
    });
    check(expected === 0 || drawn > 20, `canvas holds route-coloured pixels (${drawn})`);

    // Switch the first stream layer off and on again in the layer control.
    const first = await page.evaluate(() => {
      const D = JSON.parse(document.getElementById('wo-data').textContent);
      if (!D.plan || !D.plan.routes.length) return null;
      const code = D.plan.routes[0].stream;
      return { code, n: D.plan.routes.filter((r) => r.stream === code).length };
    });
    if (first) {
      const box = page.locator('.leaflet-control-layers-overlays label', { hasText: first.code })
        .locator('input');
      await box.uncheck();
      check((await onMap()) === expected - first.n && (await rows()) === expected - first.n,
            `stream ${first.code} off: ${first.n} routes leave the map and the list`);
      await box.check();
      check((await onMap()) === expected && (await rows()) === expected,
            `stream ${first.code} on again: ${expected} routes`);
    }
  }

  // The tiles' attribution is shown (the tiles themselves may not load).
  const tiles = await page.evaluate(() => {
    const D = JSON.parse(document.getElementById('wo-data').textContent);
    return D.tiles || null;
  });
  if (!noMap && tiles && tiles.url && tiles.attribution) {
    const shown = await page.locator('.leaflet-control-attribution').innerText();
    check(shown.includes(tiles.attribution), `tile attribution shown (${tiles.attribution})`);
  }

  // A what-if comparison, when the page has one: a column per variant.
  const variants = await page.evaluate(() => {
    const D = JSON.parse(document.getElementById('wo-data').textContent);
    return D.whatif && Array.isArray(D.whatif.variants) ? D.whatif.variants.map((v) => v.label) : null;
  });
  if (variants) {
    await page.locator('#tabs button[data-tab="whatif"]').click();
    const head = await page.locator('#tab-whatif table thead th').allInnerTexts();
    check(head.length === variants.length + 1 && variants.every((l, i) => head[i + 1] === l),
          `what-if table has a column per variant (${head.slice(1).join(' | ')})`);
    const body = await page.locator('#tab-whatif table tbody tr').count();
    check(body > 0, `what-if table has ${body} rows`);
    if (shot) await page.screenshot({ path: shot.replace(/\.png$/, '-whatif.png') });
    const routesTab = page.locator('#tabs button[data-tab="routes"]');
    if (await routesTab.count()) await routesTab.click();
  }

  // The overview, as the page opens, for a person to look at.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  await page.screenshot({ path: shot });

  if (expected > 0) {
    // The route with the most stops, by its row.
    const pick = await page.evaluate(() => {
      let best = null;
      const head = [...document.querySelectorAll('#routes thead th')].map((th) => th.textContent);
      const col = head.findIndex((t) => /^Stops/.test(t));
      document.querySelectorAll('#routes tbody tr').forEach((tr) => {
        const stops = Number(tr.children[col].textContent);
        if (!best || stops > best.stops) best = { route: Number(tr.dataset.route), stops };
      });
      return best;
    });
    // Time of a selection inside the page: restyling every route line,
    // the visits table and the stop markers, until the next frame.
    const selectMs = await page.evaluate((i) => new Promise((r) => {
      const a = performance.now();
      window.wasteoptPage.select(i);
      requestAnimationFrame(() => r(performance.now() - a));
    }), pick.route);
    await page.evaluate(() => window.wasteoptPage.select(-1));
    await page.locator(`#routes tbody tr[data-route="${pick.route}"]`).click();
    await page.locator('#detail').waitFor({ state: 'visible', timeout: 10000 });
    console.log(`figures (not checked): ready ${readyMs} ms after opening, ` +
                `a selection drawn in ${selectMs.toFixed(0)} ms`);
    const shown = await page.locator('#visits tbody tr[data-kind="stop"]').count();
    check(shown === pick.stops && pick.stops > 0,
          `clicked route ${pick.route}: ${pick.stops} stops listed (${shown} shown)`);
    const onScreen = await page.evaluate(() => {
      // The first stop's row is really there to see, not clipped away.
      const row = document.querySelector('#visits tbody tr[data-kind="stop"]');
      const r = row.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
      return r.height > 0 && hit !== null && row.contains(hit);
    });
    check(onScreen, 'its first stop is on screen');
    const times = await page.locator('#visits tbody tr[data-kind="stop"] td:nth-child(2)').allInnerTexts();
    check(times.length > 0 && times.every((t) => /^\d\d:\d\d$/.test(t)), 'its stops have HH:MM arrival times');
    check((await page.evaluate(() => window.wasteoptPage.selected)) === pick.route, 'the route is selected');
    check((await page.locator('#routes tbody tr.sel').count()) === 1, 'its row is highlighted');
    if (!noMap) {
      const w = await page.evaluate((i) => {
        let weight = null;
        window.wasteoptPage.map.eachLayer((l) => { if (l.woRoute === i) weight = l.options.weight; });
        return weight;
      }, pick.route);
      check(w > 3, `its line is drawn wider (weight ${w})`);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
      if (selShot) await page.screenshot({ path: selShot });
      await page.locator('#detail button').click();
      check((await page.evaluate(() => window.wasteoptPage.selected)) === -1, 'closing the visits clears the selection');
    }
    const indTab = page.locator('#tabs button[data-tab="indicators"]');
    await indTab.click();
    const ind = await page.locator('#tab-indicators table tbody tr').count();
    check(ind > 0, `indicators table (${ind} rows)`);
    await page.locator('#tabs button[data-tab="routes"]').click();
  }

  console.log(`screenshot ${shot}; ${refused} remote requests refused (tiles: offline by design)`);
  check(errors.length === 0, 'still no script error' + (errors.length ? ': ' + errors.join(' | ') : ''));
  status = failures.length ? 1 : 0;
} catch (e) {
  failures.push('the driver stopped');
  console.log('FAIL the driver stopped: ' + (e && e.stack ? e.stack : e));
} finally {
  await browser.close();
}
if (status) console.log(`${failures.length} check(s) failed`);
process.exit(status);
