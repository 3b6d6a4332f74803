// The logpulse dashboard: asks the JSON API for each panel and draws it, again every few seconds.
//
// Everything that comes from the logs (addresses, source labels, paths) reaches the page through
// textContent, dataset or a style's number only, never parsed as markup: a log line is data.
'use strict';

(() => {
  const REFRESH_MS = 5000;
  const CLASSES = [
    {key: 'status_2xx', label: '2xx', color: '#2e7d32'},
    {key: 'status_3xx', label: '3xx', color: '#1565c0'},
    {key: 'status_4xx', label: '4xx', color: '#ef6c00'},
    {key: 'status_5xx', label: '5xx', color: '#c62828'},
  ];
  const $ = (id) => document.getElementById(id);

  let refreshes = 0;
  let timer = null;
  let timelineChart = null;
  // For tests and the curious: the chart's own data, the same arrays the table below it is made of.
  window.logpulseDashboard = {get timelineChart() { return timelineChart; }};

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      tr.append(cell instanceof Node ? cell : el('td', cell));
    }
    return tr;
  }

  function td(child) {
    const cell = document.createElement('td');
    cell.append(child);
    return cell;
  }

  const pad = (n, width = 2) => String(n).padStart(width, '0');

  /** A time in the browser's zone: 2025-01-31 03:07 (seconds only when not zero). */
  function showTime(ms) {
    const d = new Date(ms);
    const seconds = d.getSeconds() ? ':' + pad(d.getSeconds()) : '';
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`;
  }

  function showDuration(ms) {
    for (const [unit, size] of [['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000]]) {
      if (ms % size === 0) {
        return (ms / size) + unit;
      }
    }
    return ms + 'ms';
  }

  const percent = (part, whole) => (whole === 0 ? 0 : (100 * part) / whole).toFixed(1);

  async function getJson(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== '') {
        url.searchParams.set(name, value);
      }
    }
    const response = await fetch(url, {cache: 'no-store'});
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.error || response.statusText);
    }
    return body;
  }

  /** The range the form asks for; "last N" ends at the newest stored request, as the API's default does. */
  function chosenRange(stored) {
    const choice = $('range-length').value;
    if (choice === 'custom') {
      return {from: $('range-from').value.trim(), to: $('range-to').value.trim()};
    }
    const end = stored.data_end_ms;
    const start = choice === 'all' ? stored.first_ms : Math.max(stored.first_ms, end - Number(choice));
    return {from: new Date(start).toISOString(), to: new Date(end).toISOString()};
  }

  async function panel(id, load, draw) {
    const section = $(id + '-panel');
    const message = section.querySelector('.message');
    try {
      const data = await load();
      message.textContent = (data.notes || []).join(' · ');
      draw(section, data);
      section.dataset.state = 'ok';
    } catch (e) {
      // Old numbers must not pass for the range now asked: clear them, say why.
      section.querySelector('.summary').textContent = '';
      section.querySelectorAll('.numbers tbody, .bars').forEach((node) => node.replaceChildren());
      message.textContent = e.message;
      section.dataset.state = 'error';
    }
  }

  function drawTimeline(section, data) {
    section.querySelector('.summary').textContent = `${data.requests} requests from ${showTime(data.from_ms)} to `
        + `${showTime(data.to_ms)}, per ${showDuration(data.step_ms)}`;
    const series = [data.steps.map((s) => s.start_ms / 1000)];
    for (const c of CLASSES) {
      series.push(data.steps.map((s) => s[c.key]));
    }
    const container = $('timeline-chart');
    if (timelineChart === null) {
      timelineChart = new uPlot({
        width: Math.max(container.clientWidth, 300),
        height: 260,
        scales: {x: {time: true}},
        series: [{}].concat(CLASSES.map((c) => ({label: c.label, stroke: c.color, width: 1.5, points: {show: false}}))),
        axes: [{}, {label: 'requests'}],
      }, series, container);
      window.addEventListener('resize', () => timelineChart.setSize({width: Math.max(container.clientWidth, 300), height: 260}));
    } else {
      timelineChart.setData(series);
    }
    const rows = data.steps.map((s) => {
      const tr = row([showTime(s.start_ms), s.requests].concat(CLASSES.map((c) => s[c.key]), [s.bytes]));
      tr.dataset.start = s.start_ms;
      return tr;
    });
    section.querySelector('.numbers tbody').replaceChildren(...rows);
  }

  /** The status classes of a row as one bar of four coloured parts. */
  function statusMix(counts, total) {
    const bar = el('div', null, 'mix');
    bar.title = CLASSES.map((c) => `${c.label}: ${counts[c.key]}`).join(', ');
    for (const c of CLASSES) {
      const part = el('span', null, 'mix-' + c.label);
      part.style.width = percent(counts[c.key], total) + '%';
      bar.append(part);
    }
    return bar;
  }

  /** A top list (clients, paths): each row a group with its key and totals. */
  function drawTop(what) {
    return (section, data) => {
      section.querySelector('.summary').textContent = `${data.requests} requests from ${showTime(data.from_ms)} to `
          + `${showTime(data.to_ms)}; the ${data.rows.length} busiest ${what}`;
      const rows = data.rows.map((r) => {
        const tr = row([r.key, r.requests, percent(r.requests, data.requests), r.bytes]
            .concat(CLASSES.map((c) => r[c.key]), [td(statusMix(r, r.requests))]));
        tr.dataset.key = r.key;
        return tr;
      });
      section.querySelector('.numbers tbody').replaceChildren(...rows);
    };
  }

  function drawSources(section, data) {
    section.querySelector('.summary').textContent = `${data.requests} requests; expected: ${data['expected from']}; `
        + `verdict: ${data.verdict}`;
    const bars = data.backends.map((b) => {
      const line = el('div', null, 'bar-row');
      line.append(el('span', b.source, 'bar-label'));
      const track = el('span', null, 'bar-track');
      const fill = el('span', null, 'bar-fill');
      fill.style.width = b.share + '%';
      track.append(fill);
      if (b.expected_share !== null && b.expected_share !== undefined) {
        const mark = el('span', null, 'bar-expected');
        mark.style.left = b.expected_share + '%';
        mark.title = `expected ${b.expected_share} %`;
        track.append(mark);
      }
      line.append(track, el('span', `${b.share} %`, 'bar-value'));
      return line;
    });
    $('sources-chart').replaceChildren(...bars);
    const rows = data.backends.map((b) => {
      const tr = row([b.source, b.requests, b.share, b.expected_share ?? '-', b.verdict]
          .concat(CLASSES.map((c) => b[c.key])));
      tr.dataset.source = b.source;
      return tr;
    });
    section.querySelector('.numbers tbody').replaceChildren(...rows);
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const stored = await getJson('/api/range');
      $('database').textContent = stored.database;
      $('stored').textContent = `holds ${showTime(stored.first_ms)} to ${showTime(stored.data_end_ms)} in windows of `
          + showDuration(stored.window_ms);
      const range = chosenRange(stored);
      await Promise.all([
        panel('timeline', () => getJson('/api/timeline', range), drawTimeline),
        panel('top-ips', () => getJson('/api/top-ips', range), drawTop('clients')),
        panel('top-paths', () => getJson('/api/top-paths', range), drawTop('paths')),
        panel('sources', () => getJson('/api/sources', range), drawSources),
      ]);
      $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      $('status').textContent = e.message;
    } finally {
      refreshes++;
      document.body.dataset.refreshes = String(refreshes);
      if ($('live').checked) {
        timer = setTimeout(refresh, REFRESH_MS);
      }
    }
  }

  $('range-length').addEventListener('change', () => {
    const custom = $('range-length').value === 'custom';
    $('custom-range').hidden = !custom;
    if (custom && timelineChart !== null && !$('range-from').value) {
      const xs = timelineChart.data[0];
      if (xs.length > 0) {
        $('range-from').value = new Date(xs[0] * 1000).toISOString();
      }
    }
  });
  $('range-form').addEventListener('submit', (event) => {
    event.preventDefault();
    refresh();
  });
  $('live').addEventListener('change', () => {
    if ($('live').checked) {
      refresh();
    } else {
      clearTimeout(timer);
    }
  });
  refresh();
})();
