/* report.html's drawing: reads the JSON in #report-data and builds the page with Chart.js.
 * Embedded at build time. The input schema is in docs/report.md. After drawing, #report-status
 * says what was drawn (data-state, data-charts, data-points, data-painted) for headless tests. */
(function () {
  'use strict';

  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7F7F7F',
    '#000000'];  // Okabe-Ito: distinguishable with colour-vision deficiency
  const CAPACITY_COLOR = '#b42318';
  // run --watch markers: the first question's colour, then one more per question on a chart.
  const WATCH_COLORS = ['#6941c6', '#b54708', '#027a48', '#c11574'];
  const status = document.getElementById('report-status');
  const root = document.getElementById('report');
  const charts = [];
  let report = {};
  let metricInfo = {};

  // ---- small helpers --------------------------------------------------------------------------

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of [].concat(children || [])) {
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function rgba(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha +
        ')';
  }

  function isNum(v) { return typeof v === 'number' && Number.isFinite(v); }

  function info(metric) {
    if (!metric) return {label: '', unit: '', percent: false};
    const i = metricInfo[metric] || {};
    return {label: i.label || metric.replace(/_/g, ' '), unit: i.unit || '', percent: !!i.percent};
  }

  // Shown values: percentages for fractions, otherwise 0-2 decimals by magnitude.
  function scale(v, metric) { return isNum(v) && info(metric).percent ? v * 100 : v; }

  // A value that would show as 0.00 but is not zero: three significant digits, in plain decimals
  // down to 0.001 ("0.00456") and in scientific notation below ("3.39e-6"), as the stdout tables
  // write it (docs/outputs.md, "Wording").
  function small(x) {
    return Math.abs(x) >= 0.001 ? x.toPrecision(3) : x.toExponential(2);
  }
  function isSmall(x, digits) {
    const a = Math.abs(x);
    return a > 0 && a < 0.5 * Math.pow(10, -digits);
  }

  function fmt(v, metric) {
    if (!isNum(v)) return '–';
    const x = scale(v, metric);
    const a = Math.abs(x);
    const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    const unit = info(metric).percent ? '%' : '';
    if (isSmall(x, digits)) return small(x) + unit;
    return (a === 0 ? 0 : x).toLocaleString('en-US', {minimumFractionDigits: digits,
      maximumFractionDigits: digits}) + unit;
  }

  function fmtInterval(e, metric) {
    if (!e || !Array.isArray(e.ci95)) return '';
    return '[' + fmt(e.ci95[0], metric) + ', ' + fmt(e.ci95[1], metric) + ']';
  }

  function unitSuffix(metric) {
    const u = info(metric).unit;
    return u ? ' (' + u + ')' : '';
  }

  function section(id, title, intro) {
    const s = el('section', {id: id}, [el('h2', {text: title})]);
    if (intro) s.appendChild(el('p', {class: 'intro', text: intro}));
    root.appendChild(s);
    return s;
  }

  function note(text) { return el('p', {class: 'note', text: text}); }

  // A card holding one chart, its title and a caption saying what it shows.
  function chartCard(title, caption, config, tall) {
    const canvas = el('canvas', {role: 'img', 'aria-label': title});
    const card = el('div', {class: 'card'}, [
      el('h3', {text: title}), el('div', {class: tall ? 'chart tall' : 'chart'}, [canvas]),
      el('p', {class: 'caption', text: caption})]);
    card.chartConfig = config;
    card.chartCanvas = canvas;
    return card;
  }

  // Whether a chart's datasets hold a value other than zero: a chart without one would be an
  // empty frame (a level nobody waits for, a loss that never happens).
  function hasData(config) {
    const value = (v) => v !== null && typeof v === 'object' ? v.y : v;
    return ((config.data && config.data.datasets) || []).some((ds) =>
        !ds.reference && (ds.data || []).some((v) => isNum(value(v)) && value(v) !== 0));
  }

  // Charts are made once their cards are in the document, so they have a size. A card whose
  // chart has no data is taken out (unless card.keepEmpty: a panel of small multiples), and a
  // note at the end of the container names what was left out.
  function drawCharts(container) {
    const skipped = [];
    for (const card of container.querySelectorAll('.card')) {
      if (!card.chartConfig || card.chart) continue;
      if (!card.keepEmpty && !hasData(card.chartConfig)) {
        skipped.push(card.querySelector('h3').textContent);
        card.remove();
        continue;
      }
      card.chart = new Chart(card.chartCanvas, card.chartConfig);
      charts.push(card.chart);
    }
    if (skipped.length) {
      const n = el('p', {class: 'note skipped', 'data-skipped': String(skipped.length),
        text: 'Not drawn, as every value is zero or missing: ' + skipped.join('; ') + '.'});
      container.appendChild(n);
    }
  }

  function axis(title, extra) {
    return Object.assign({title: {display: true, text: title, font: {weight: '600'}}}, extra || {});
  }

  // A dated run (calendar:): the date of window day 0 as milliseconds since 1970 (UTC), set by
  // renderRun from report.daily.start_date; null when undated (day numbers only).
  let dateStart = null;
  function dateOf(day) {
    return new Date(dateStart + Math.round(day) * 86400000).toISOString().slice(0, 10);
  }
  // "112", or "112 (2027-04-26)" in a dated run.
  const dayLabel = (day) => dateStart === null ? String(day) : day + ' (' + dateOf(day) + ')';

  // The x axis of a forecast; points start their bins, so the last one is at lastX. Dated runs
  // label the ticks with the dates of their days.
  const dayAxis = (binDays, lastX) => axis(dateStart === null ? 'Day after warm-up' +
      (binDays > 1 ? ' (' + binDays + '-day averages)' : '') :
      'Date' + (binDays > 1 ? ' (' + binDays + '-day averages)' : ''),
      {type: 'linear', min: 0, max: lastX > 0 ? lastX : undefined,
        ticks: dateStart === null ? {maxTicksLimit: 12} :
          {maxTicksLimit: 8, callback: (v) => dateOf(v)}});

  function lastDay(series, binDays) {
    return Math.max(0, ((series && series.mean) || []).length - 1) * binDays;
  }

  // A dashed horizontal line at options.plugins.referenceLine.value, labelled.
  const referenceLinePlugin = {
    id: 'referenceLine',
    afterDatasetsDraw(chart, args, options) {
      if (!options || !isNum(options.value)) return;
      const y = chart.scales.y.getPixelForValue(options.value);
      const area = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = options.color || CAPACITY_COLOR;
      ctx.fillStyle = options.color || CAPACITY_COLOR;
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(area.left, y);
      ctx.lineTo(area.right, y);
      ctx.stroke();
      if (options.label) {
        ctx.font = '11px ' + Chart.defaults.font.family;
        ctx.textAlign = 'right';
        ctx.fillText(options.label, area.right - 4, y - 4);
      }
      ctx.restore();
    },
  };

  // run --watch on a fan chart: each question's threshold (dotted horizontal line) and the days
  // its mean crosses and 50% / 90% of replications have crossed (dashed vertical lines). With
  // several questions on one chart each has its own colour and its markers' labels start with
  // its expression ("levels.detox.waitlist<=5 · 50% · day 4"), one label a row.
  const watchPlugin = {
    id: 'watch',
    afterDatasetsDraw(chart, args, options) {
      const items = (options && options.items) || [];
      if (!items.length) return;
      const area = chart.chartArea;
      const ctx = chart.ctx;
      const several = items.length > 1;
      ctx.save();
      let markers = 0;  // vertical lines drawn, for headless tests (data-watch-markers)
      let thresholds = 0;  // dotted lines drawn (data-watch-thresholds)
      const labels = [];  // the markers' labels, in drawing order (data-watch-labels)
      ctx.lineWidth = 1.2;
      ctx.font = '11px ' + Chart.defaults.font.family;
      items.forEach((w, k) => {
        ctx.strokeStyle = WATCH_COLORS[k % WATCH_COLORS.length];
        ctx.fillStyle = ctx.strokeStyle;
        const y = chart.scales.y.getPixelForValue(w.threshold);
        if (y >= area.top - 0.5 && y <= area.bottom + 0.5) {
          ++thresholds;
          ctx.setLineDash([2, 3]);
          ctx.beginPath();
          ctx.moveTo(area.left, y);
          ctx.lineTo(area.right, y);
          ctx.stroke();
          ctx.textAlign = 'right';  // clear of the markers' labels at the top left
          const width = ctx.measureText(w.expression).width;
          ctx.save();
          ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
          ctx.fillRect(area.right - 5 - width, y - 14, width + 2, 13);
          ctx.restore();
          ctx.fillText(w.expression, area.right - 4, y - 4);
        }
        ctx.setLineDash([5, 3]);
        [['mean', w.mean_first_day], ['50%', w.p50_first_day], ['90%', w.p90_first_day]]
            .forEach(([label, day], i) => {
              if (!isNum(day)) return;
              const x = chart.scales.x.getPixelForValue(day);
              if (x < area.left || x > area.right) return;
              ctx.beginPath();
              ctx.moveTo(x, area.top);
              ctx.lineTo(x, area.bottom);
              ctx.stroke();
              const text = (several ? w.expression + ' · ' : '') + label + ' · day ' +
                  dayLabel(day);
              // One question: its rows by share, as before; several: one row per label drawn.
              const row = several ? labels.length : i;
              // A label that would run past the plot's right edge ends at its line instead.
              const width = ctx.measureText(text).width;
              const right = x + 3 + width > area.right;
              const left = right ? x - 3 - width : x + 3;
              const base = area.top + 12 + 13 * row;
              ctx.save();  // a light backing: the label stays legible over the band and lines
              ctx.fillStyle = 'rgba(255, 255, 255, 0.8)';
              ctx.fillRect(left - 1, base - 10, width + 2, 13);
              ctx.restore();
              ctx.textAlign = 'left';
              ctx.fillText(text, left, base);
              labels.push(text);
              ++markers;
            });
      });
      ctx.restore();
      chart.canvas.setAttribute('data-watch-markers', String(markers));
      chart.canvas.setAttribute('data-watch-thresholds', String(thresholds));
      chart.canvas.setAttribute('data-watch-labels', labels.join(' | '));
      chart.canvas.setAttribute('data-y-max', String(chart.scales.y.max));
    },
  };

  // The --watch questions on `quantity` ('waitlist', 'census') of level `level`.
  function watchesOf(level, quantity) {
    return (report.watch || []).filter((w) => w.level === level && w.quantity === quantity);
  }

  // The --watch questions added to a fan chart's config, its y axis widened to hold every
  // threshold (with room for its label); the config unchanged when there are none.
  function withWatch(config, level, quantity) {
    const items = watchesOf(level, quantity);
    if (!items.length) return config;
    config.options.plugins.watch = {items: items};
    config.plugins = (config.plugins || []).concat([watchPlugin]);
    const thresholds = items.map((w) => w.threshold).filter(isNum);
    if (thresholds.length) {
      const y = config.options.scales.y;
      const top = Math.max(...thresholds), bottom = Math.min(...thresholds);
      y.suggestedMax = Math.max(isNum(y.suggestedMax) ? y.suggestedMax : top,
          top + 0.08 * Math.abs(top));
      if (bottom < 0) y.suggestedMin = Math.min(isNum(y.suggestedMin) ? y.suggestedMin : 0,
          bottom - 0.08 * Math.abs(bottom));
    }
    return config;
  }

  // What a watched chart shows against the questions' answers: the crossing days count each
  // replication's first day over the threshold, which the band of each day (the middle 80% of
  // replications that day) need not reach; '' without questions.
  function watchCaption(level, quantity, series, bin) {
    const items = watchesOf(level, quantity);
    if (!items.length) return '';
    const daily = series && series.bin_days === 1 && bin > 1;
    const day = (d) => isNum(d) ? 'day ' + dayLabel(d) : null;
    return (daily ? ' Daily values, not ' + bin + '-day averages as the other charts: the ' +
        'questions are about daily values.' : '') + items.map((w) => {
      const by = [[50, w.p50_first_day], [90, w.p90_first_day]].filter(([, d]) => isNum(d))
          .map(([p, d]) => p + '% by ' + day(d));
      return ' Dotted line: ' + w.expression + '. ' + (isNum(w.replications_crossed) &&
          isNum(w.replications) ? w.replications_crossed + ' of ' + w.replications +
          ' replications crossed it within the window' : 'Replications crossing it') +
          (by.length ? ' (' + by.join(', ') + ')' : '') + ', each counted on the first day ' +
          'its own daily value did; ' + (isNum(w.mean_first_day) ? 'the mean crosses on ' +
          day(w.mean_first_day) + '. ' : 'the mean never crosses. ') + 'The band holds the ' +
          'middle 80% of replications on each day, so crossings by a few replications on ' +
          'different days can lie above it.';
    }).join('');
  }

  // Whiskers for bar charts: a dataset's errorBars[i] = [lo, hi] is drawn over bar i.
  const errorBarsPlugin = {
    id: 'errorBars',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      chart.data.datasets.forEach((ds, i) => {
        if (!ds.errorBars || !chart.isDatasetVisible(i)) return;
        const meta = chart.getDatasetMeta(i);
        const y = chart.scales[meta.yAxisID];
        meta.data.forEach((bar, j) => {
          const e = ds.errorBars[j];
          if (!e || !isNum(e[0]) || !isNum(e[1])) return;
          const top = y.getPixelForValue(e[1]);
          const bottom = y.getPixelForValue(e[0]);
          const half = Math.max(3, Math.min(9, (bar.width || 12) / 4));
          ctx.save();
          ctx.strokeStyle = '#1d2733';
          ctx.lineWidth = 1.4;
          ctx.beginPath();
          ctx.moveTo(bar.x, top);
          ctx.lineTo(bar.x, bottom);
          ctx.moveTo(bar.x - half, top);
          ctx.lineTo(bar.x + half, top);
          ctx.moveTo(bar.x - half, bottom);
          ctx.lineTo(bar.x + half, bottom);
          ctx.stroke();
          ctx.restore();
        });
      });
    },
  };

  // The y range of bar charts must hold the whiskers too.
  function barRange(datasets) {
    let lo = 0, hi = 0;
    for (const ds of datasets) {
      for (const v of ds.data) if (isNum(v)) lo = Math.min(lo, v), hi = Math.max(hi, v);
      for (const e of ds.errorBars || [])
        if (e && isNum(e[0]) && isNum(e[1])) lo = Math.min(lo, e[0]), hi = Math.max(hi, e[1]);
    }
    // A lower interval end a hair below zero (a rate that is almost always 0) would add a
    // whole negative tick; keep the axis at zero then.
    if (lo < 0 && -lo < 0.02 * (hi - lo)) lo = 0;
    return {suggestedMin: lo, suggestedMax: hi > lo ? hi : lo + 1};
  }

  // Bar chart over categories, with 95% intervals as whiskers; values in the metric's units.
  function barConfig(labels, datasets, yTitle, metric, extraY) {
    const range = barRange(datasets);
    return {
      type: 'bar',
      data: {labels: labels, datasets: datasets},
      options: {
        scales: {
          x: axis(''),
          y: axis(yTitle, Object.assign({
            suggestedMin: range.suggestedMin, suggestedMax: range.suggestedMax,
            grid: {color: (c) => c.tick && c.tick.value === 0 ? '#5b6672' : '#e6e9ec'},
          }, extraY || {})),
        },
        plugins: {
          legend: {
            labels: {
              // Bars coloured one by one (clear or not) keep one colour in the legend.
              generateLabels(chart) {
                const items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
                for (const item of items) {
                  const ds = chart.data.datasets[item.datasetIndex];
                  if (ds.legendColor) item.fillStyle = ds.legendColor;
                }
                return items;
              },
            },
          },
          tooltip: {
            callbacks: {
              label(c) {
                const ds = c.dataset;
                const e = ds.errorBars && ds.errorBars[c.dataIndex];
                let text = ds.label + ': ' + fmtRaw(c.parsed.y, ds.percent);
                if (e && isNum(e[0])) text += '  [' + fmtRaw(e[0], ds.percent) + ', ' +
                    fmtRaw(e[1], ds.percent) + ']';
                if (ds.clear && ds.clear[c.dataIndex] !== undefined)
                  text += ds.clear[c.dataIndex] ? '  (clear)' : '  (not clear)';
                return text;
              },
            },
          },
        },
      },
      plugins: [errorBarsPlugin, referenceLinePlugin],
    };
  }

  // Values already scaled for display (percent metrics times 100).
  function fmtRaw(v, percent) {
    if (!isNum(v)) return '–';
    const a = Math.abs(v);
    const digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    return (isSmall(v, digits) ? small(v) : v.toFixed(digits)) + (percent ? '%' : '');
  }

  // Fan chart datasets: a p10-p90 band (filled between two borderless lines) and the mean.
  function fanDatasets(series, label, color, binDays, bandLabel, bandAlpha) {
    const alpha = bandAlpha || 0.2;
    const points = (arr) => (arr || []).map((v, i) => ({x: i * binDays, y: isNum(v) ? v : null}));
    series = series || {};
    return [
      {label: bandLabel || label + ' p10–p90', tip: label + ' p90', data: points(series.p90),
        borderWidth: 0, borderColor: rgba(color, 0), backgroundColor: rgba(color, alpha),
        pointRadius: 0, pointStyle: 'rect', fill: '+1', band: 'p90'},
      {label: label + ' p10', tip: label + ' p10', data: points(series.p10), borderWidth: 0,
        borderColor: rgba(color, 0), backgroundColor: rgba(color, 0.2), pointRadius: 0,
        fill: false, band: 'p10'},
      {label: label, data: points(series.mean), borderColor: color, backgroundColor: color,
        borderWidth: 1.6, pointRadius: 0, pointStyle: 'line', fill: false},
    ];
  }

  function lineOptions(xAxis, yTitle) {
    return {
      parsing: false,
      normalized: true,
      interaction: {mode: 'index', intersect: false},
      scales: {x: xAxis, y: axis(yTitle, {beginAtZero: true})},
      plugins: {
        legend: {
          labels: {
            usePointStyle: true,
            pointStyleWidth: 22,
            filter: (item, data) => data.datasets[item.datasetIndex].band !== 'p10',
          },
        },
        tooltip: {
          callbacks: {
            title: (items) => items.length ? 'Day ' + dayLabel(items[0].parsed.x) : '',
            label: (c) => (c.dataset.tip || c.dataset.label) + ': ' + fmtRaw(c.parsed.y, false),
          },
        },
      },
    };
  }

  // ---- summary access -------------------------------------------------------------------------

  function levelNames(summary) { return Object.keys((summary && summary.levels) || {}); }

  function capacityOf(summary, level) {
    const spec = summary && summary.scenario && summary.scenario.levels &&
        summary.scenario.levels[level];
    return spec && isNum(spec.capacity) ? spec.capacity : null;
  }

  function metricOf(summary, level, metric) {
    if (!summary) return null;
    const group = level === null || level === undefined ? summary.system :
        summary.levels && summary.levels[level];
    return (group && group[metric]) || null;
  }

  // A run of one replication: its values have no confidence interval (Student t needs 2).
  function oneReplication(summary) {
    return ((summary && summary.scenario) || {}).replications === 1;
  }

  function runLine(summary, extra) {
    const s = (summary && summary.scenario) || {};
    const parts = [];
    if (isNum(s.replications))
      parts.push(s.replications + (s.replications === 1 ? ' replication' : ' replications'));
    if (isNum(s.horizon_days))
      parts.push(s.horizon_days.toLocaleString('en-US') + ' days after ' +
          (s.warmup_days || 0).toLocaleString('en-US') + ' days of warm-up');
    if (s.seed !== undefined) parts.push('seed ' + s.seed);
    if (isNum(summary && summary.events))
      parts.push(summary.events.toLocaleString('en-US') + ' events');
    return parts.concat(extra || []).join(' · ');
  }

  function header(kindLabel, title, description, meta, links) {
    const h = el('header', {}, [el('div', {class: 'kind', text: kindLabel}), el('h1', {text: title})]);
    if (description) h.appendChild(el('p', {class: 'description', text: description}));
    if (meta) h.appendChild(el('p', {class: 'meta', text: meta}));
    if (links && links.length)
      h.appendChild(el('nav', {}, links.map(([id, text]) => el('a', {href: '#' + id, text: text}))));
    root.appendChild(h);
  }

  // ---- kind "run" -----------------------------------------------------------------------------

  function metricsTable(summary) {
    const levels = levelNames(summary);
    const names = [];
    for (const l of levels)
      for (const m of Object.keys(summary.levels[l])) if (!names.includes(m)) names.push(m);
    const head = el('tr', {}, [el('th', {text: 'Metric'})].concat(levels.map((l) => {
      const cap = capacityOf(summary, l);
      return el('th', {}, [l, el('span', {class: 'unit', text: cap === null ? ' (unlimited)' :
          ' (' + cap + ')'})]);
    })));
    // Each row (a metric over the levels) in the decimals of its smallest half-width, as the
    // run's stdout table (rowStyle: docs/outputs.md, "Numbers in the tables").
    const rows = names.map((m) => {
      const style = levelRowStyle(summary, levels, m);
      return el('tr', {}, [
        el('td', {}, [info(m).label, el('span', {class: 'unit', text: unitSuffix(m)})])].concat(
          levels.map((l) => styledCell(summary.levels[l][m], m, style, false))));
    });
    return el('div', {class: 'table-wrap'}, [el('table', {}, [el('thead', {}, head),
      el('tbody', {}, rows)])]);
  }

  // The style of metric m over the levels of `of` (the summary, or a class of it).
  function levelRowStyle(of, levels, m) {
    return rowStyle(levels.map((l) => shown(((of.levels || {})[l] || {})[m], m)), m);
  }

  // A system metric alone, in its own interval's decimals: [mean text, interval text].
  function systemTexts(e, m) {
    if (!e || !isNum(e.mean)) return ['–', ''];
    const x = shown(e, m);
    const unit = info(m).percent ? '%' : '';
    if (exactlyZero(x)) return ['0' + unit, ''];
    const style = rowStyle([x], m);
    return [styled(x.mean, style) + unit, halfWidthOf(x) === null ? '' :
      '[' + styled(x.ci95[0], style) + unit + ', ' + styled(x.ci95[1], style) + unit + ']'];
  }

  function systemTable(summary) {
    const system = summary.system || {};
    const rows = Object.keys(system).map((m) => {
      const [mean, interval] = systemTexts(system[m], m);
      return el('tr', {}, [
        el('td', {}, [info(m).label, el('span', {class: 'unit', text: unitSuffix(m)})]),
        el('td', {text: mean}), el('td', {text: interval})]);
    });
    return el('div', {class: 'table-wrap'}, [el('table', {}, [
      el('thead', {}, el('tr', {}, [el('th', {text: 'System metric'}), el('th', {text: 'Mean'}),
        el('th', {text: '95% interval'})])), el('tbody', {}, rows)])]);
  }

  function estimateBars(summary, levels, metric, label, color) {
    const e = levels.map((l) => metricOf(summary, l, metric) || {});
    const p = info(metric).percent;
    return {
      label: label, backgroundColor: rgba(color, 0.75), borderColor: color, borderWidth: 1,
      data: e.map((x) => isNum(x.mean) ? scale(x.mean, metric) : null),
      errorBars: e.map((x) => Array.isArray(x.ci95) ?
          [scale(x.ci95[0], metric), scale(x.ci95[1], metric)] : null),
      percent: p,
    };
  }

  function renderStaffing(staffing) {
    const s = section('staffing', 'Staffing',
        'Staff needed to meet the staffing rules at the simulated census, against the staff ' +
        'available where given.');
    const unit = staffing.unit || 'FTE';
    const rows = staffing.rows || [];
    const labels = rows.map((r) => [r.level, r.role].filter(Boolean));  // two-line ticks
    const required = {
      label: 'Required (mean)', backgroundColor: rgba(PALETTE[0], 0.75), borderColor: PALETTE[0],
      borderWidth: 1, data: rows.map((r) => r.required && isNum(r.required.mean) ?
          r.required.mean : null),
      errorBars: rows.map((r) => r.required && Array.isArray(r.required.ci95) ?
          r.required.ci95 : null),
    };
    const available = {
      label: 'Available', backgroundColor: 'rgba(91,102,114,0.15)', borderColor: '#5b6672',
      borderWidth: 1.5, data: rows.map((r) => isNum(r.available) ? r.available : null),
      reference: true,
    };
    const datasets = rows.some((r) => isNum(r.available)) ? [required, available] : [required];
    const grid = el('div', {class: 'grid', style: 'grid-template-columns:1fr'}, [
      chartCard('Staff required and available by level',
        'Bars: mean staff required over replications (' + unit + '); whiskers: 95% ' +
        'confidence interval. Grey bars: staff available.',
        barConfig(labels, datasets, 'Staff (' + unit + ')', null))]);
    s.appendChild(grid);
    const table = el('table', {class: 'wrapping'}, [el('thead', {}, el('tr', {}, [
      el('th', {text: 'Level'}), el('th', {class: 'text', text: 'Role'}),
      el('th', {class: 'text', text: 'Basis'}),
      el('th', {text: 'Required, mean day (' + unit + ')'}),
      el('th', {text: 'Required, 90% of days (' + unit + ')'}),
      el('th', {text: 'Available (' + unit + ')'})])),
      el('tbody', {}, rows.map((r) => el('tr', {}, [
        el('td', {text: r.level || ''}), el('td', {class: 'text', text: r.role || ''}),
        el('td', {class: 'text', text: r.basis || ''}), fteCell(r.required),
        el('td', {class: 'p90', text: fte(r.p90)}),
        el('td', {text: isNum(r.available) ? fte(r.available) : '–'})])))]);
    s.appendChild(el('p', {class: 'intro', style: 'margin-top:14px', text: 'Required, 90% of ' +
        'days: the staff that covers the census on 90% of days (pooled over replications); ' +
        'plan on it rather than the mean day when shifts cannot flex.'}));
    s.appendChild(el('div', {class: 'table-wrap'}, [table]));
    if (Array.isArray(staffing.levels) && staffing.levels.length) {
      const capacity = (v) => isNum(v) ? v.toLocaleString('en-US') : 'unlimited';
      s.appendChild(el('p', {class: 'intro', style: 'margin-top:14px', text: 'What limits ' +
          'each level: its own places, or the staff on hand of a role (then fewer patients ' +
          'can be in care than it has places).'}));
      // Days at capacity: the column in the decimals of its smallest half-width (1 decimal
      // when none), as stdout's "days full %"; "0" when zero in every replication.
      const fullStyle = rowStyle(staffing.levels.map((c) =>
          shown(c.days_at_capacity, 'utilization')), 'utilization', 1);
      const fullCell = (e) => {
        const t = styledEstimate(shown(e, 'utilization'), fullStyle, '%');
        return el('td', {}, [t.value, t.ci ? el('span', {class: 'ci', text: t.ci}) : null]);
      };
      s.appendChild(el('div', {class: 'table-wrap', id: 'binding'}, [el('table', {}, [
        el('thead', {}, el('tr', {}, [el('th', {text: 'Level'}), el('th', {text: 'Places'}),
          el('th', {text: 'Effective capacity'}),
          el('th', {class: 'text', text: 'Binding constraint'}),
          el('th', {text: 'Days at capacity (%)'})])),
        el('tbody', {}, staffing.levels.map((c) => el('tr', {}, [
          el('td', {text: c.level || ''}), el('td', {text: capacity(c.capacity)}),
          el('td', {text: capacity(c.effective_capacity)}),
          el('td', {class: 'text binding', text: bindingText(c.binding_constraint)}),
          fullCell(c.days_at_capacity)])))])]));
    }
    drawCharts(s);
  }

  // FTE with two decimals, as the stdout table has them.
  function fte(v) {
    return isNum(v) ? v.toLocaleString('en-US', {minimumFractionDigits: 2,
      maximumFractionDigits: 2}) : '–';
  }

  function fteCell(e) {
    const td = el('td', {}, fte(e && e.mean));
    if (e && Array.isArray(e.ci95) && isNum(e.ci95[0]) && isNum(e.ci95[1]))
      td.appendChild(el('span', {class: 'ci', text: '[' + fte(e.ci95[0]) + ', ' +
          fte(e.ci95[1]) + ']'}));
    return td;
  }

  // "places (beds or slots)" when the level's own capacity binds, else "staff: ROLE".
  function bindingText(binding) {
    if (!binding) return '–';
    return binding === 'beds' ? 'its places (beds or slots)' : 'staff: ' + binding;
  }

  // ---- costs (every kind, when the scenarios have costs) --------------------------------------

  // "USD 8,030,655": whole units with thousands separators after the currency code.
  function money(v, currency) {
    if (!isNum(v)) return '–';
    const x = Math.abs(v) < 0.5 ? 0 : v;
    return currency + ' ' + x.toLocaleString('en-US', {maximumFractionDigits: 0});
  }

  // Money with its 95% half-width: "USD 8,030,655 ± 15,481"; a difference signed
  // ("+USD 41,555 ± 7,325").
  function moneyCell(e, currency, signed) {
    const td = el('td', {}, signed ? fmtSignedMoney(e && e.mean, currency) :
        money(e && e.mean, currency));
    if (e && Array.isArray(e.ci95) && isNum(e.ci95[0]) && isNum(e.ci95[1]))
      td.appendChild(el('span', {class: 'ci', text: '± ' + money((e.ci95[1] - e.ci95[0]) / 2,
          currency).replace(currency + ' ', '')}));
    return td;
  }

  // costs: {"currency", "intro", "rows": [{"label", "staff_cost_per_year", ..., "clear"?}]};
  // with revenue (payers) rows also have "total_revenue_per_year" and "net_cost_per_year". A
  // column is drawn when some row has a value for it.
  function renderCosts(costs) {
    const currency = costs.currency || 'USD';
    const rows = costs.rows || [];
    const has = (k) => rows.some((r) => r[k] && isNum(r[k].mean));
    const revenue = has('total_revenue_per_year') || has('net_cost_per_year');
    const s = section('costs', (revenue ? 'Annual costs, revenue and net cost (' :
        'Annual costs (') + currency + ' per year)', costs.intro ||
        'Means over replications with the half-width of their 95% confidence interval.');
    const kinds = [['staff_cost_per_year', 'Staff'], ['non_staff_cost_per_year', 'Non-staff'],
      ['total_cost_per_year', 'Total'], ['total_revenue_per_year', 'Revenue'],
      ['net_cost_per_year', 'Net cost']].filter(([k]) => has(k) ||
        (!revenue && k.endsWith('cost_per_year') && k !== 'net_cost_per_year'));
    const table = el('table', {}, [el('thead', {}, el('tr', {}, [el('th', {text: ''})].concat(
        kinds.map((k) => el('th', {text: k[1] + ' (' + currency + ')'}))))),
      el('tbody', {}, rows.map((r) => el('tr', {}, [
        el('td', {style: 'text-align:left', text: r.label || ''})].concat(
          kinds.map((k) => moneyCell(r[k[0]], currency, r.difference === true))))))]);
    s.appendChild(el('div', {class: 'table-wrap'}, [table]));
  }

  // ---- a run's first screen: the question, the headline numbers, then the warnings -----------

  // The scenario's description when it has one, else its name.
  function question(summary) {
    const sc = (summary && summary.scenario) || {};
    const described = typeof sc.description === 'string' && sc.description.trim() !== '';
    return {source: described ? 'description' : 'name',
      text: described ? sc.description.trim() : (sc.name || report.title || 'this scenario')};
  }

  // One headline figure: a label, the value, and a line under it.
  function tile(id, label, value, detail) {
    return el('div', {class: 'tile', id: id}, [el('div', {class: 'label', text: label}),
      el('div', {class: 'value', text: value}), detail ? el('div', {class: 'detail',
        text: detail}) : null]);
  }

  // The annual costs' total row of a run (costs_report_json), or null.
  function totalCosts(costs) {
    const rows = (costs && costs.rows) || [];
    return rows.find((r) => r.label === 'total') || (rows.length === 1 ? rows[0] : null);
  }

  // Compliance (summary.compliance, when the scenario asks for it): a value is a share when its
  // name says so (share, fraction, within) and it lies in [0, 1].
  // An estimate is in `style`, the style of its row (complianceStyle), or alone.
  function complianceValue(name, v, style) {
    const mean = v && typeof v === 'object' ? v.mean : v;
    if (typeof mean === 'boolean') return mean ? 'yes' : 'no';
    if (typeof mean === 'string') return mean;
    if (!isNum(mean)) return '–';
    if (!(v && typeof v === 'object'))
      return Number.isInteger(mean) ? String(mean) : complianceShare(name, [v]) ?
        fmtRaw(100 * mean, true) : fmtRaw(mean, false);
    const share = complianceShare(name, [v]);
    const x = share ? shown(v, 'utilization') : v;
    const t = styledEstimate(x, style || complianceStyle(name, [v]), share ? '%' : '');
    return t.value + (t.ci ? ' ' + t.ci : '');
  }
  // Whether a compliance value is a share, shown as a percentage: its name says so and every
  // mean of its row lies in [0, 1].
  function complianceShare(name, values) {
    const means = values.map((v) => v && typeof v === 'object' ? v.mean : v).filter(isNum);
    return /share|fraction|within|percent/.test(name) && means.every((m) => m >= 0 && m <= 1);
  }
  // The style of a row of compliance estimates (a measure over the levels and, in stdout's
  // table, the levels by class): the tables' rule, a share's run-table decimals being 1.
  function complianceStyle(name, values) {
    const estimates = values.filter((v) => v && typeof v === 'object' && isNum(v.mean));
    const share = complianceShare(name, estimates);
    return rowStyle(estimates.map((v) => share ? shown(v, 'utilization') : v), null,
        share ? 1 : 2);
  }

  // [[path, value]] of the leaves of an object (an estimate {mean, ci95} is a leaf).
  function leaves(obj, prefix, out) {
    out = out || [];
    for (const [k, v] of Object.entries(obj || {})) {
      const name = prefix ? prefix + ' · ' + k : k;
      if (v && typeof v === 'object' && !Array.isArray(v) && !('mean' in v)) leaves(v, name, out);
      else if (!Array.isArray(v)) out.push([name, v]);
    }
    return out;
  }

  // The compliance block keyed by name: per-level KPIs as a table (a column per level), every
  // other entry (thresholds, totals) as a line; per-class values stay in summary.json.
  function complianceBlock(compliance) {
    if (!compliance || typeof compliance !== 'object' || Array.isArray(compliance)) return null;
    const label = (k) => k.replace(/_/g, ' ');
    const box = el('div', {class: 'compliance', id: 'headline-compliance'}, [el('h3', {text:
        'Compliance'})]);
    const byLevel = compliance.levels && typeof compliance.levels === 'object' ?
        compliance.levels : null;
    if (byLevel && Object.keys(byLevel).length) {
      const levels = Object.keys(byLevel);
      const kpis = [];
      for (const l of levels)
        for (const [k] of leaves(byLevel[l])) if (!kpis.includes(k)) kpis.push(k);
      const leaf = (group, l, k) => {
        const hit = group && group[l] ? leaves(group[l]).find(([name]) => name === k) : null;
        return hit ? hit[1] : undefined;
      };
      // Each measure's row in one style, over the levels and the levels by class, as stdout's
      // compliance table (docs/outputs.md, "Numbers in the tables").
      const classes = compliance.classes && typeof compliance.classes === 'object' ?
          Object.values(compliance.classes) : [];
      const styles = {};
      for (const k of kpis)
        styles[k] = complianceStyle(k, [byLevel].concat(classes).flatMap((g) =>
            levels.map((l) => leaf(g, l, k))));
      const value = (l, k) => {
        const v = leaf(byLevel, l, k);
        return v === undefined ? '–' : complianceValue(k, v, styles[k]);
      };
      box.appendChild(el('div', {class: 'table-wrap'}, [el('table', {class: 'wrapping'}, [
        el('thead', {}, el('tr', {}, [el('th', {text: 'Measure'})].concat(
            levels.map((l) => el('th', {text: l}))))),
        el('tbody', {}, kpis.map((k) => el('tr', {}, [el('td', {text: label(k)})].concat(
            levels.map((l) => el('td', {text: value(l, k)}))))))])]));
    }
    const other = Object.keys(compliance).filter((k) => k !== 'levels' && k !== 'classes');
    const lines = [];
    for (const k of other) {
      const v = compliance[k];
      if (v && typeof v === 'object' && !Array.isArray(v) && !('mean' in v))
        for (const [name, leaf] of leaves(v, k)) lines.push([name, leaf]);
      else if (!Array.isArray(v)) lines.push([k, v]);
    }
    if (lines.length)
      box.appendChild(el('ul', {class: 'facts'}, lines.map(([k, v]) => el('li', {}, [
        el('span', {class: 'unit', text: label(k) + ': '}), complianceValue(k, v)]))));
    if (box.children.length === 1)
      box.appendChild(el('p', {class: 'intro', text: 'The compliance block is empty.'}));
    return box;
  }

  // The headline: the question, losses, cost and warnings at a glance, and per level the waits,
  // abandonment and use.
  function renderHeadline(summary) {
    const q = question(summary);
    const s = el('section', {id: 'headline', class: 'headline'}, [
      el('div', {class: 'kind', text: 'The question'}),
      el('p', {class: 'question', 'data-source': q.source, text: q.text})]);
    const tiles = el('div', {class: 'tiles'});
    const lost = metricOf(summary, null, 'lost_to_care_per_day');
    // The value and its interval's bounds in one style, as the system line (alone).
    const lostText = styledEstimate(lost, rowStyle([lost], 'lost_to_care_per_day'), '');
    tiles.appendChild(tile('headline-lost', 'Lost to care', lost && isNum(lost.mean) ?
        lostText.value + ' a day' : '–',
        !lost ? 'not recorded' : lostText.ci ? '95% interval ' + lostText.ci :
        oneReplication(summary) ? 'no interval: intervals need 2 or more replications' :
        '95% interval none'));
    const total = totalCosts(report.costs);
    const meanOf = (e) => e && isNum(e.mean) ? e.mean : null;
    if (total && meanOf(total.total_cost_per_year) !== null) {
      const c = report.costs.currency || 'USD';
      tiles.appendChild(tile('headline-cost', 'Annual cost',
          money(total.total_cost_per_year && total.total_cost_per_year.mean, c),
          'staff ' + money(total.staff_cost_per_year && total.staff_cost_per_year.mean, c) +
          ' · non-staff ' + money(total.non_staff_cost_per_year &&
              total.non_staff_cost_per_year.mean, c)));
    } else if (!total || meanOf(total.net_cost_per_year) === null) {
      tiles.appendChild(tile('headline-cost', 'Annual cost', 'not modelled',
          'the scenario has no staff or costs'));
    }
    if (total && meanOf(total.net_cost_per_year) !== null) {  // payers' revenue
      const c = report.costs.currency || 'USD';
      tiles.appendChild(tile('headline-net-cost', 'Net cost a year',
          money(total.net_cost_per_year.mean, c), 'total cost − revenue; revenue ' +
          money(meanOf(total.total_revenue_per_year), c)));
    }
    const warnings = Array.isArray(report.warnings) ? report.warnings : null;
    const notRun = checksNotRun();
    tiles.appendChild(tile('headline-warnings', 'Warnings', warnings ?
        String(warnings.length) : 'not checked', warnings ? (notRun.length ?
        (warnings.length ? 'listed below the headline; ' : 'none from the checks that ran; ') +
        'not checked: ' + notRun.map((c) => CHECK_NAMES[c.check] || c.check).join(', ') :
        (warnings.length ? 'listed below the headline' :
        'none: the results look settled and precise')) :
        'this report has no warnings list'));
    s.appendChild(tiles);
    const levels = levelNames(summary);
    const columns = [['mean_wait_days', 'Mean wait'], ['p90_wait_days', '90th-percentile wait'],
      ['abandonment_fraction', 'Abandoned the waitlist'], ['utilization', 'Utilization']];
    // Each column (a metric over the levels) in the decimals of its smallest half-width, as the
    // run's stdout table (rowStyle: docs/outputs.md, "Numbers in the tables").
    const styles = {};
    for (const [m] of columns)
      styles[m] = rowStyle(levels.map((l) => shown(metricOf(summary, l, m), m)), m);
    s.appendChild(el('div', {class: 'table-wrap'}, [el('table', {id: 'headline-table'}, [
      el('thead', {}, el('tr', {}, [el('th', {text: 'Level'})].concat(columns.map(([m, t]) =>
          el('th', {}, [t, el('span', {class: 'unit', text: unitSuffix(m)})]))))),
      el('tbody', {}, levels.map((l) => {
        const cap = capacityOf(summary, l);
        return el('tr', {}, [el('td', {}, [l, el('span', {class: 'unit', text: cap === null ?
            ' (unlimited)' : ' (' + cap + ')'})])].concat(columns.map(([m]) =>
          styledCell(metricOf(summary, l, m), m, styles[m], false))));
      }))])]));
    const compliance = complianceBlock(summary.compliance);
    if (compliance) s.appendChild(compliance);
    root.appendChild(s);
  }

  function runHeader(summary) {
    const links = [['headline', 'Headline']];
    if (Array.isArray(report.warnings)) links.push(['warnings', 'Warnings']);
    links.push(['results', 'Key results'], ['waitlist', 'Waitlist forecast'],
      ['census', 'Census and capacity'], ['waits', 'Waiting times']);
    if (report.staffing) links.push(['staffing', 'Staffing']);
    if (report.costs) links.push(['costs', 'Costs']);
    links.push(['system', 'System']);
    header('Continuum · simulation run', report.title || (summary.scenario || {}).name || 'Run',
        null, runLine(summary), links);
  }

  function renderResults(summary) {
    const s = section('results', 'Key results by level',
        (oneReplication(summary) ?
          'The one replication\'s values (no confidence intervals: they need 2 or more ' +
          'replications), over ' :
          'Means over replications with 95% confidence intervals (Student t) below them, over ') +
        'the statistics window after warm-up. Column heads give each level\'s capacity.');
    s.appendChild(metricsTable(summary));
  }

  // A series' own bins: a watched series is daily (bin_days 1) when the others are averaged.
  const binOf = (series, bin) => series && isNum(series.bin_days) ? series.bin_days : bin;

  function waitlistCard(l, d, bin) {
    const own = binOf(d.waitlist, bin);
    return chartCard('Waitlist · ' + l,
        'Patients waiting for ' + l + ' by day after warm-up: mean (line) and p10–p90 band ' +
        'across replications.' + watchCaption(l, 'waitlist', d.waitlist, bin),
        withWatch({type: 'line', data: {datasets: fanDatasets(d.waitlist, 'Mean waitlist',
            PALETTE[0], own, 'p10–p90')},
          options: lineOptions(dayAxis(own, lastDay(d.waitlist, own)), 'Waitlist (patients)')},
        l, 'waitlist'));
  }

  function renderWaitlist(daily, levels, bin) {
    const s = section('waitlist', 'Waitlist forecast',
        'Patients waiting for each level, day by day: the line is the mean over replications ' +
        'and the band holds the middle 80% of replications (10th to 90th percentile).');
    if (!daily || !daily.levels) {
      s.appendChild(note('Daily recording was off for this run (--no-daily), so there is no ' +
          'forecast over days; the tables and bar charts still hold the averages.'));
      return;
    }
    const grid = el('div', {class: 'grid'});
    levels.forEach((l) => {
      const d = daily.levels[l];
      if (!d) return;
      grid.appendChild(waitlistCard(l, d, bin));
    });
    s.appendChild(grid);
    drawCharts(s);
  }

  function utilizationCard(summary, levels) {
    const utilization = barConfig(levels,
        [estimateBars(summary, levels, 'utilization', 'Utilization', PALETTE[2])],
        'Mean census (% of capacity)', 'utilization', {suggestedMax: 105});
    utilization.options.plugins.referenceLine = {value: 100, label: 'capacity'};
    return chartCard('Utilization by level',
        'Bars: mean census over the window as a share of capacity (%), with 95% confidence ' +
        'intervals; dashed line: capacity. Levels with unlimited capacity have no bar.',
        utilization);
  }

  function censusCard(summary, l, d, pageBin) {
    const bin = binOf(d.census, pageBin);
    const datasets = fanDatasets(d.census, 'Mean census', PALETTE[2], bin, 'p10–p90');
    const cap = capacityOf(summary, l);
    const lastX = lastDay(d.census, bin);
    if (cap !== null)
      datasets.push({label: 'Capacity (' + cap + ')', data: [{x: 0, y: cap}, {x: lastX, y: cap}],
        borderColor: CAPACITY_COLOR, backgroundColor: CAPACITY_COLOR, borderDash: [6, 4],
        borderWidth: 1.5, pointRadius: 0, pointStyle: 'line', fill: false, reference: true});
    return chartCard('Census · ' + l,
        'Patients in care at ' + l + ' by day after warm-up: mean (line), p10–p90 band ' +
        'across replications' + (cap !== null ? ', and capacity (dashed).' : '; capacity is ' +
        'unlimited.') + watchCaption(l, 'census', d.census, pageBin),
        withWatch({type: 'line', data: {datasets: datasets},
          options: lineOptions(dayAxis(bin, lastX), 'Census (patients in care)')}, l, 'census'));
  }

  function renderCensus(summary, daily, levels, bin) {
    const s = section('census', 'Census against capacity',
        'Patients in care at each level against its capacity (dashed red line).');
    const censusGrid = el('div', {class: 'grid'});
    censusGrid.appendChild(utilizationCard(summary, levels));
    if (daily && daily.levels) {
      levels.forEach((l) => {
        const d = daily.levels[l];
        if (!d) return;
        censusGrid.appendChild(censusCard(summary, l, d, bin));
      });
    }
    s.appendChild(censusGrid);
    drawCharts(s);
  }

  function renderWaits(summary, levels) {
    const s = section('waits', 'Waiting times',
        'Days from referral to admission, per level. The 90th percentile is taken within each ' +
        'replication, then averaged.');
    const waitGrid = el('div', {class: 'grid'}, [
      chartCard('Wait for admission by level',
          'Bars: mean and 90th-percentile wait (days) over replications; whiskers: 95% ' +
          'confidence intervals. A level with no admissions has no bar.',
          barConfig(levels, [
            estimateBars(summary, levels, 'mean_wait_days', 'Mean wait', PALETTE[0]),
            estimateBars(summary, levels, 'p90_wait_days', '90th-percentile wait', PALETTE[1])],
          'Wait (days)', 'mean_wait_days')),
      chartCard('Lost from the waitlist by level',
          'Bars: share of referrals who abandoned the waitlist or were turned away (%), with ' +
          '95% confidence intervals.',
          barConfig(levels, [
            estimateBars(summary, levels, 'abandonment_fraction', 'Abandoned', PALETTE[4]),
            estimateBars(summary, levels, 'turned_away_fraction', 'Turned away', PALETTE[3])],
          'Share of referrals (%)', 'abandonment_fraction'))]);
    s.appendChild(waitGrid);
    drawCharts(s);
  }

  // The checks behind the warnings: their names, and what each found when it found nothing.
  const CHECK_NAMES = {waitlist_growth: 'growing waitlists', warmup: 'warm-up',
    precision: 'precision'};
  const CHECK_PASSED = {waitlist_growth: 'no waitlist grows without bound',
    warmup: 'the warm-up lets the daily series settle (MSER-5)',
    precision: 'every headline metric\'s 95% half-width is within 10% of its mean'};
  function checksNotRun() {
    return Array.isArray(report.checks_not_run) ? report.checks_not_run : [];
  }
  // "a", "a and b", "a, b, and c".
  function listed(items) {
    if (items.length < 3) return items.join(' and ');
    return items.slice(0, -1).join(', ') + ', and ' + items[items.length - 1];
  }

  // A warnings list (docs/outputs.md, "warnings") and the checks that could not run, as
  // elements: one line per warning, or a line saying there are none from the checks that ran;
  // then "Not checked: ..." when a check could not run. A run's section, compare's scenarios and
  // sweep's grid points all draw theirs with it.
  function warningsContent(warnings, notRun) {
    const out = [];
    // A check that could not run (--no-daily, 1 replication: checks_not_run) is named as such,
    // never counted among those that found nothing.
    const ran = Object.keys(CHECK_PASSED).filter((k) => !notRun.some((c) => c.check === k));
    if (!warnings.length) {
      out.push(el('p', {class: 'intro', text: ran.length ? 'None: ' +
          listed(ran.map((k) => CHECK_PASSED[k])) + '.' : 'None, but no check could run.'}));
    } else {
      out.push(warningList(warnings));
    }
    if (notRun.length) out.push(notChecked(notRun));
    return out;
  }
  function warningList(warnings) {
    return el('ul', {}, warnings.map((w) => el('li', {'data-kind': w.kind || ''},
        [el('strong', {text: ({waitlist_growth: 'Growing waitlist', warmup: 'Warm-up',
          precision: 'Precision'})[w.kind] || w.kind || ''}), ' ' + (w.message || '')])));
  }
  function notChecked(notRun) {
    return el('p', {class: 'intro not-checked', text: 'Not checked: ' + notRun.map((c) =>
        (CHECK_NAMES[c.check] || c.check) + ' (' + (c.reason || '') + ')').join('; ') + '.'});
  }

  // The run's warnings, before the tables. Absent from older documents: nothing drawn then.
  function renderWarnings(warnings) {
    if (!Array.isArray(warnings)) return;
    root.appendChild(el('section', {id: 'warnings', class: 'warnings', 'data-warnings':
        String(warnings.length)}, [el('h2', {text: warnings.length ?
        'Warnings (' + warnings.length + ')' : 'Warnings'})].concat(
        warningsContent(warnings, checksNotRun()))));
  }

  // Compare's scenarios or sweep's grid points, each {label, warnings, checks_not_run}: a block
  // per entry with warnings or a check not run (its label, then warningsContent()), and one
  // line naming the others, which have no warnings from the checks that ran. Nothing when no
  // entry has a warnings list (older documents).
  const kUnfoldedWarnings = 4;  // a scenario's or point's precision warnings unfolded, at most
  function renderEntryWarnings(entries, what) {
    entries = entries.filter((e) => Array.isArray(e.warnings));
    if (!entries.length) return;
    const notRunOf = (e) => Array.isArray(e.checks_not_run) ? e.checks_not_run : [];
    const count = entries.reduce((n, e) => n + e.warnings.length, 0);
    const flagged = entries.filter((e) => e.warnings.length);
    const s = el('section', {id: 'warnings', class: 'warnings', 'data-warnings': String(count)},
        [el('h2', {text: count ? 'Warnings (' + count + ')' : 'Warnings'})]);
    if (flagged.length)
      s.appendChild(el('p', {class: 'intro', text: 'Read the numbers of ' + listed(flagged.map(
          (e) => e.label)) + ' with ' + (flagged.length > 1 ? 'their' : 'its') + ' warnings ' +
          'in mind: a value, or a difference marked clear, can still come from a waitlist ' +
          'that never settles, a warm-up too short or too few replications.'}));
    const quiet = [];
    for (const e of entries) {
      if (!e.warnings.length && !notRunOf(e).length) {
        quiet.push(e.label);
        continue;
      }
      // More than kUnfoldedWarnings precision warnings ("add replications", one per metric) are
      // folded under their count, so that the answer below stays within reach; the others
      // (growing waitlists, warm-up) and the checks not run are always shown.
      const precision = e.warnings.filter((w) => w.kind === 'precision');
      let body = warningsContent(e.warnings, notRunOf(e));
      if (precision.length > kUnfoldedWarnings) {
        const others = e.warnings.filter((w) => w.kind !== 'precision');
        body = (others.length ? [warningList(others)] : []).concat([el('details',
          {class: 'precision-warnings'}, [el('summary', {text: 'Show the ' + precision.length +
            ' precision warnings (add replications)'}), warningList(precision)])]);
        if (notRunOf(e).length) body.push(notChecked(notRunOf(e)));
      }
      s.appendChild(el('div', {class: 'entry-warnings', 'data-label': e.label,
        'data-warnings': String(e.warnings.length)}, [el('h3', {text: e.label + ': ' +
          (e.warnings.length ? e.warnings.length + (e.warnings.length > 1 ? ' warnings' :
            ' warning') : 'no warnings from the checks that ran')})].concat(body)));
    }
    if (quiet.length)
      s.appendChild(el('p', {class: 'intro quiet', text: (quiet.length === entries.length ?
          'Every ' + what : listed(quiet)) + ': no warnings from the checks that ran (' +
          listed(Object.keys(CHECK_PASSED).map((k) => CHECK_NAMES[k])) + ').'}));
    root.appendChild(s);
  }

  // "⚠ 2" beside a scenario's or a point's name when it has warnings, linking to them.
  function warningMark(e) {
    if (!Array.isArray(e.warnings) || !e.warnings.length) return null;
    return el('a', {class: 'warning-mark', href: '#warnings', title: e.warnings.map((w) =>
      w.message || w.kind).join('\n'), text: ' ⚠ ' + e.warnings.length});
  }

  // Sections in page order: headline, warnings, results, waitlist, census, waits, staffing (if
  // any), costs (if any), system.
  function renderRun() {
    const summary = report.summary || {};
    const daily = report.daily;
    if (daily && daily.start_date) dateStart = Date.parse(daily.start_date + 'T00:00:00Z');
    const levels = levelNames(summary);
    runHeader(summary);
    renderHeadline(summary);
    renderWarnings(report.warnings);
    renderResults(summary);
    const bin = daily && daily.bin_days ? daily.bin_days : 1;
    renderWaitlist(daily, levels, bin);
    renderCensus(summary, daily, levels, bin);
    renderWaits(summary, levels);
    if (report.staffing) renderStaffing(report.staffing);
    if (report.costs) renderCosts(report.costs);
    const s = section('system', 'System', 'Whole-network measures over the statistics window.');
    s.appendChild(systemTable(summary));
  }

  // ---- kind "compare" -------------------------------------------------------------------------

  function isClear(e) {
    if (!e) return null;
    if (typeof e.clear === 'boolean') return e.clear;
    if (!Array.isArray(e.ci95) || !isNum(e.ci95[0])) return null;
    return e.ci95[0] > 0 || e.ci95[1] < 0;
  }

  function differenceOf(entry, level, metric) {
    const d = entry.difference;
    if (!d) return null;
    const group = level === null ? d.system : d.levels && d.levels[level];
    return (group && group[metric]) || null;
  }

  function compareMetricCard(scenarios, labels, system, metric) {
    const categories = system ? ['system'] : labels;
    const lv = (c) => system ? null : c;
    const title = info(metric).label + unitSuffix(metric);
    const values = scenarios.map((sc, i) => {
      const e = categories.map((c) => metricOf(sc.summary, lv(c), metric) || {});
      return {
        label: sc.label, backgroundColor: rgba(PALETTE[i % PALETTE.length], 0.75),
        borderColor: PALETTE[i % PALETTE.length], borderWidth: 1, percent: info(metric).percent,
        data: e.map((x) => isNum(x.mean) ? scale(x.mean, metric) : null),
        errorBars: e.map((x) => Array.isArray(x.ci95) ?
            [scale(x.ci95[0], metric), scale(x.ci95[1], metric)] : null),
      };
    });
    const diffs = scenarios.slice(1).map((sc, k) => {
      const color = PALETTE[(k + 1) % PALETTE.length];
      const e = categories.map((c) => differenceOf(sc, lv(c), metric) || {});
      const clear = e.map(isClear);
      return {
        label: sc.label + ' − ' + scenarios[0].label, borderColor: color, borderWidth: 1.5,
        backgroundColor: clear.map((c) => c ? rgba(color, 0.8) : rgba(color, 0.18)),
        percent: info(metric).percent, clear: clear, legendColor: rgba(color, 0.8),
        data: e.map((x) => isNum(x.mean) ? scale(x.mean, metric) : null),
        errorBars: e.map((x) => Array.isArray(x.ci95) ?
            [scale(x.ci95[0], metric), scale(x.ci95[1], metric)] : null),
      };
    });
    const unit = info(metric).percent ? '%' : info(metric).unit;
    // A change of a share is in percentage points, not percent.
    const diffUnit = info(metric).percent ? 'percentage points' : info(metric).unit;
    const card = el('div', {class: 'card'}, [el('h3', {text: title})]);
    const pair = el('div', {class: 'grid'});
    pair.appendChild(chartCard('Value by scenario',
        'Bars: mean over replications; whiskers: 95% confidence intervals.',
        barConfig(categories, values, 'Value' + (unit ? ' (' + unit + ')' : ''), metric)));
    pair.appendChild(chartCard('Difference from ' + scenarios[0].label,
        'Bars: mean paired difference; whiskers: its 95% interval. Solid bars are clear (the ' +
        'interval excludes zero); pale bars are not.',
        barConfig(categories, diffs, 'Difference' + (diffUnit ? ' (' + diffUnit + ')' : ''),
            metric)));
    card.appendChild(pair);
    const head = el('tr', {}, [el('th', {text: system ? '' : 'Level'})].concat(
        scenarios.map((sc) => el('th', {text: sc.label})),
        scenarios.slice(1).map((sc) => el('th', {text: sc.label + ' − ' + scenarios[0].label}))));
    // A row per level: its values and differences in the decimals of the row's smallest
    // half-width (rowStyle: the tables' rule); a difference of a share in percentage points.
    const rows = categories.map((c) => {
      const values = scenarios.map((sc) => metricOf(sc.summary, lv(c), metric));
      const differences = scenarios.slice(1).map((sc) => differenceOf(sc, lv(c), metric));
      const style = rowStyle(values.concat(differences).map((e) => shown(e, metric)), metric);
      // Zero in every replication of both: "none in either", as stdout; a level the
      // reference lacks has no difference, so no badge either.
      const reference = values[0];
      return el('tr', {}, [el('td', {text: c})].concat(
          values.map((e) => styledCell(e, metric, style, false)),
          differences.map((d, k) => {
            if ((!reference || !isNum(reference.mean)) && values[k + 1])
              return el('td', {}, ['–', el('span', {class: 'ci', style: 'white-space:normal',
                text: 'not in ' + scenarios[0].label})]);
            const td = styledCell(d, metric, style, true, exactlyZero(reference) &&
                exactlyZero(values[k + 1]) ? 'none in either' : null);
            const clear = !d || !isNum(d.mean) || exactlyZero(d) ? null : isClear(d);
            if (clear !== null)
              td.firstChild.after(el('span', {class: clear ? 'badge clear' : 'badge unclear',
                text: clear ? 'clear' : 'not clear'}));
            return td;
          })));
    });
    card.appendChild(el('div', {class: 'table-wrap', style: 'margin-top:10px'}, [
      el('table', {class: 'wrapping'}, [el('thead', {}, head), el('tbody', {}, rows)])]));
    return card;
  }

  // The scenarios, each with a label (its own, its scenario's name, or its position).
  function labelledScenarios() {
    return (report.scenarios || []).map((sc, i) => Object.assign({}, sc, {
      label: sc.label || (sc.summary && sc.summary.scenario && sc.summary.scenario.name) ||
          'scenario ' + (i + 1)}));
  }

  // Every level of any scenario, in order of first appearance.
  function allLevels(scenarios) {
    const levels = [];
    for (const sc of scenarios)
      for (const l of levelNames(sc.summary)) if (!levels.includes(l)) levels.push(l);
    return levels;
  }

  function renderScenarioTable(scenarios) {
    const s = section('scenarios', 'Scenarios');
    s.appendChild(el('div', {class: 'table-wrap'}, [el('table', {}, [
      el('thead', {}, el('tr', {}, [el('th', {text: 'Scenario'}),
        el('th', {style: 'text-align:left', text: 'Run'}),
        el('th', {style: 'text-align:left', text: 'Description'})])),
      el('tbody', {}, scenarios.map((sc, i) => el('tr', {}, [
        el('td', {}, [el('span', {style: 'color:' + PALETTE[i % PALETTE.length], text: '■ '}),
          sc.label + (i === 0 ? ' (reference)' : '')]),
        el('td', {style: 'text-align:left', text: runLine(sc.summary)}),
        el('td', {style: 'text-align:left; white-space:normal',
          text: (sc.summary && sc.summary.scenario && sc.summary.scenario.description) || ''}),
      ])))])]));
  }

  function renderDifferences(scenarios, levels) {
    const s = section('differences', 'Every metric, level by level',
        'For each headline metric: its value in every scenario, and each scenario\'s ' +
        'difference from ' + scenarios[0].label + ' with a 95% paired interval. A difference is ' +
        'clear when its interval excludes zero' + (isNum(report.min_difference) ? ' and it is ' +
        'at least ' + minDifferenceText(report.min_difference) + ' of ' + scenarios[0].label +
        '\'s value' : '') + '.');
    for (const m of report.level_metrics || [])
      s.appendChild(compareMetricCard(scenarios, levels, false, m));
    for (const m of report.system_metrics || [])
      s.appendChild(compareMetricCard(scenarios, levels, true, m));
    for (const card of s.querySelectorAll(':scope > .card')) card.style.marginBottom = '14px';
    drawCharts(s);
  }

  // One level's waitlist as small multiples: a panel per scenario, all on the same axes (the
  // largest p90 of any scenario), or null when no scenario has a waitlist there.
  function compareForecastCard(scenarios, l) {
    let bin = 1;
    let lastX = 0;
    let top = 0;
    scenarios.forEach((sc) => {
      const d = sc.daily && sc.daily.levels && sc.daily.levels[l];
      if (!d) return;
      bin = sc.daily.bin_days || 1;
      lastX = Math.max(lastX, lastDay(d.waitlist, bin));
      for (const k of ['mean', 'p90'])
        for (const v of (d.waitlist && d.waitlist[k]) || []) if (isNum(v)) top = Math.max(top, v);
    });
    if (!(top > 0)) return null;
    top = niceCeiling(top);
    const card = el('div', {class: 'card multiples-card', 'data-level': l}, [
      el('h3', {text: 'Waitlist · ' + l})]);
    const grid = el('div', {class: 'multiples', style: 'grid-template-columns:repeat(' +
        Math.min(scenarios.length, 4) + ', minmax(0, 1fr))'});
    scenarios.forEach((sc, i) => {
      const d = sc.daily && sc.daily.levels && sc.daily.levels[l];
      const color = PALETTE[i % PALETTE.length];
      const title = el('h4', {}, [el('span', {style: 'color:' + color, text: '■ '}), sc.label]);
      if (!d) {
        grid.appendChild(el('div', {class: 'panel empty'}, [title, el('p', {class: 'caption',
          text: sc.daily ? 'This scenario has no level ' + l + '.' :
              'This scenario recorded no daily series.'})]));
        return;
      }
      const options = lineOptions(dayAxis(bin, lastX), 'Waitlist (patients)');
      options.scales.y.max = top;
      options.scales.y.title.display = i === 0;  // the same axis in every panel: named once
      // A quarter of the page's width: fewer day ticks, and none forced at the last day (1,820
      // beside 1,500 overlapped).
      options.scales.x.ticks = Object.assign({}, options.scales.x.ticks,
          {maxTicksLimit: 6, includeBounds: false});
      options.plugins.legend.display = false;
      const canvas = el('canvas', {role: 'img', 'aria-label': 'Waitlist · ' + l + ' · ' +
          sc.label});
      const panel = el('div', {class: 'card panel'}, [title,
        el('div', {class: 'chart small'}, [canvas])]);
      panel.chartConfig = {type: 'line', data: {datasets: fanDatasets(d.waitlist, sc.label, color,
        bin)}, options: options};
      panel.chartCanvas = canvas;
      panel.keepEmpty = true;  // a flat panel beside busy ones is the answer
      grid.appendChild(panel);
    });
    card.appendChild(grid);
    card.appendChild(el('p', {class: 'caption', text: 'Patients waiting for ' + l + ' by day ' +
        'after warm-up' + (bin > 1 ? ' (' + bin + '-day averages)' : '') + ', one panel per ' +
        'scenario on the same axes: mean (line) and p10–p90 band across replications.'}));
    return card;
  }

  // The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is >= x > 0.
  function niceCeiling(x) {
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
      if (m * p >= x * (1 - 1e-9)) return m * p;
    return 10 * p;
  }

  function renderCompareForecast(scenarios, levels) {
    const s = section('forecast', 'Waitlist forecasts',
        'Patients waiting for each level, day by day: one panel per scenario, all on the same ' +
        'axes, so a higher line is a longer waitlist.');
    const withDaily = scenarios.filter((sc) => sc.daily && sc.daily.levels);
    if (!withDaily.length) {
      s.appendChild(note('No scenario recorded daily series, so there are no forecasts to draw.'));
      return;
    }
    const skipped = [];
    for (const l of levels) {
      const card = compareForecastCard(scenarios, l);
      if (card) s.appendChild(card);
      else skipped.push(l);
    }
    if (skipped.length)
      s.appendChild(el('p', {class: 'note skipped', 'data-skipped': String(skipped.length),
        text: 'No one waited for ' + skipped.join(', ') + ' in any scenario: no forecast drawn.'}));
    drawCharts(s);
  }

  // ---- a row's numbers in the decimals of its uncertainty --------------------------------------
  // The stdout tables' rule (docs/outputs.md, "Numbers in the tables"; shared_style in
  // format.hpp): the decimals of a row come from its smallest nonzero 95% half-width (two
  // significant digits from 100 to 354, one from 355 to 949, two of the next power of ten from
  // 950), bounded to [0, the metric's precision + 2]; "0" is zero in every replication;
  // scientific notation only when nothing of the row would show at those decimals.

  function halfWidthOf(e) {
    if (!e || !Array.isArray(e.ci95) || !isNum(e.ci95[0]) || !isNum(e.ci95[1])) return null;
    return (e.ci95[1] - e.ci95[0]) / 2;
  }
  function exactlyZero(e) {
    return !!e && e.mean === 0 && (halfWidthOf(e) === null || (e.ci95[0] === 0 &&
        e.ci95[1] === 0));
  }
  function halfWidthDecimals(h) {
    let exponent = Math.floor(Math.log10(h));
    let lead = h / Math.pow(10, exponent);
    if (lead < 1) { lead *= 10; exponent -= 1; }
    if (lead >= 10) { lead /= 10; exponent += 1; }
    if (lead >= 9.5) return -exponent;
    if (lead < 3.55) return 1 - exponent;
    return -exponent;
  }
  // An estimate as shown: a fraction times 100.
  function shown(e, metric) {
    if (!e) return e;
    return {mean: scale(e.mean, metric), ci95: Array.isArray(e.ci95) ?
      e.ci95.map((v) => scale(v, metric)) : e.ci95};
  }
  // The style of a row of estimates already shown (shown()); `precision` (the run table's
  // decimals) defaults to the metric's.
  function rowStyle(estimates, metric, precision) {
    if (!isNum(precision))
      precision = isNum((metricInfo[metric] || {}).precision) ? metricInfo[metric].precision : 2;
    const most = Math.max(0, precision + 2);
    let smallest = Infinity;
    for (const e of estimates) {
      const h = halfWidthOf(e);
      if (h !== null && h > 0 && h > 1e-9 * Math.abs(e.mean)) smallest = Math.min(smallest, h);
    }
    const decimals = Math.min(most, Math.max(0, smallest === Infinity ? precision :
        halfWidthDecimals(smallest)));
    let any = false;
    let allVanish = true;
    for (const e of estimates) {
      if (!e || !isNum(e.mean) || exactlyZero(e)) continue;
      const h = halfWidthOf(e);
      for (const v of [e.mean, h === null ? 0 : h]) {
        if (v === 0) continue;
        any = true;
        if (!(Math.abs(v) < 0.5 * Math.pow(10, -decimals))) allVanish = false;
      }
    }
    return {decimals: decimals, scientific: any && allVanish};
  }
  // A number in a row's style, unsigned when it rounds to zero: "1,234.5", "0.000", "3.39e-6".
  function styled(x, style) {
    if (!isNum(x)) return '–';
    if (style.scientific) return x === 0 ? '0' : x.toExponential(2).replace(/e([+-])0*(\d)/,
        (m, sign, d) => 'e' + (sign === '-' ? '-' : '') + d);
    const rounded = Number(x.toFixed(style.decimals));
    return (rounded === 0 ? 0 : x).toLocaleString('en-US', {minimumFractionDigits:
        style.decimals, maximumFractionDigits: style.decimals});
  }
  // An estimate already shown, in a row's style: "92.79% [92.58%, 93.00%]", the value and the
  // bounds it is given in the same decimals; a bare "0" when zero in every replication.
  function styledEstimate(x, style, unit) {
    if (!x || !isNum(x.mean)) return {value: '–', ci: ''};
    if (exactlyZero(x)) return {value: '0', ci: ''};
    return {value: styled(x.mean, style) + unit, ci: halfWidthOf(x) === null ? '' :
      '[' + styled(x.ci95[0], style) + unit + ', ' + styled(x.ci95[1], style) + unit + ']'};
  }

  // With a sign ("+0.05", "−0.10"); none when it rounds to zero.
  function styledSigned(x, style) {
    const text = styled(x, style);
    if (!isNum(x) || /^[0.,]+$/.test(text)) return text;
    return (x > 0 ? '+' : '−') + text.replace(/^-/, '');
  }

  // A difference's bound with its sign, in the row's style, except that a bound that is not zero
  // is never shown as zero (whether it is above or below 0 decides a clear difference): two
  // significant digits of its own then ("+0.00028"), as stdout.
  function styledBound(x, style) {
    if (!isNum(x) || style.scientific || x === 0 ||
        !(Math.abs(x) < 0.5 * Math.pow(10, -style.decimals)))
      return styledSigned(x, style);
    const decimals = 1 - Math.floor(Math.log10(Math.abs(x)));
    return (x > 0 ? '+' : '−') + Math.abs(x).toFixed(decimals);
  }

  // A table cell in a row's style: the mean and, under it, the interval (the bounds it is
  // given, never mean ± half-width); a bare "0" and no interval when zero in every replication,
  // as stdout (a difference: "same in every replication", or `zeroNote`: "none in either" when
  // both values are zero too); a difference is signed, a change of a share in percentage points
  // ("+0.21 pts").
  function styledCell(e, metric, style, difference, zeroNote) {
    if (!e || !isNum(e.mean)) return el('td', {}, '–');
    const x = shown(e, metric);
    const percent = info(metric).percent;
    if (exactlyZero(x))
      return el('td', {}, difference ? ['0', el('span', {class: 'ci', style: 'white-space:normal',
        text: zeroNote || 'same in every replication'})] : '0');
    const number = difference ? styledSigned : styled;
    const bound = difference ? styledBound : styled;
    const unit = percent ? (difference ? ' pts' : '%') : '';
    const td = el('td', {}, number(x.mean, style) + unit);
    const boundUnit = percent && !difference ? '%' : '';  // "[88.8%, 90.1%]", "[+0.12, +0.29]"
    if (halfWidthOf(x) !== null)
      td.appendChild(el('span', {class: 'ci', text: '[' + bound(x.ci95[0], style) + boundUnit +
          ', ' + bound(x.ci95[1], style) + boundUnit + ']'}));
    return td;
  }

  // ---- the comparison's first screen: values and differences, costs first ------------------

  function fmtSignedMoney(v, currency) {
    if (!isNum(v)) return '–';
    return (v > 0.5 ? '+' : v < -0.5 ? '−' : '') + money(Math.abs(v), currency);
  }

  // The difference part of a cell: "Δ +0.05 [+0.01, +0.08]" in the row's style (or "±
  // half-width" for money; a change of a share in percentage points) and the clear / not clear
  // badge; "Δ 0 (same in every replication)" when it is zero in every replication.
  function differenceLine(d, metric, currency, style, noneInEither) {
    if (!d || !isNum(d.mean)) return el('span', {class: 'diff', text: 'Δ –'});
    const hasCi = Array.isArray(d.ci95) && isNum(d.ci95[0]) && isNum(d.ci95[1]);
    const e = shown(d, metric);
    const pts = info(metric).percent ? ' pts' : '';
    const text = exactlyZero(d) ? (noneInEither ? 'Δ 0 (none in either)' :
        'Δ 0 (same in every replication)') : currency ?
        'Δ ' + fmtSignedMoney(d.mean, currency) + (hasCi ? ' ± ' +
            money((d.ci95[1] - d.ci95[0]) / 2, currency).replace(currency + ' ', '') : '') :
        'Δ ' + styledSigned(e.mean, style) + pts + (hasCi ? ' [' +
            styledBound(e.ci95[0], style) + ', ' + styledBound(e.ci95[1], style) + ']' : '');
    const line = el('span', {class: 'diff'}, [el('span', {class: 'nowrap', text: text})]);
    const clear = exactlyZero(d) || !isNum(d.mean) ? null : isClear(d);
    if (clear !== null)
      line.appendChild(el('span', {class: clear ? 'badge clear' : 'badge unclear',
        text: clear ? 'clear' : 'not clear'}));
    return line;
  }

  // One row of the answer table: the reference's value with its interval, then every other
  // scenario's value with its difference under it.
  function answerRow(label, scenarios, valueOf, differenceOfScenario, metric, currency, level) {
    // A metric's row: every value, interval and difference in the row's decimals.
    const style = currency ? null : rowStyle(scenarios.map((sc) => shown(valueOf(sc), metric))
        .concat(scenarios.slice(1).map((sc) => shown(differenceOfScenario(sc), metric))), metric);
    const unit = info(metric).percent ? '%' : '';
    const valueText = (e) => currency ? money(e && e.mean, currency) :
        !e || !isNum(e.mean) ? '–' : exactlyZero(e) ? '0' :
        styled(scale(e.mean, metric), style) + unit;
    const intervalOf = (e) => !e || halfWidthOf(e) === null || exactlyZero(e) ? '' :
        '[' + styled(scale(e.ci95[0], metric), style) + unit + ', ' +
        styled(scale(e.ci95[1], metric), style) + unit + ']';
    const cells = [el('td', {}, [label])];
    const absent = (e) => !e && level !== null && level !== undefined;
    scenarios.forEach((sc, i) => {
      const e = valueOf(sc);
      if (absent(e) || (i > 0 && absent(valueOf(scenarios[0])))) {
        cells.push(el('td', {class: 'absent'}, [el('span', {class: 'value nowrap',
          text: e ? valueText(e) : '–'}), el('span', {class: 'diff', text: e ?
            'not in ' + scenarios[0].label : 'no level ' + level})]));
        return;
      }
      const td = el('td', {}, [el('span', {class: 'value nowrap', text: valueText(e)})]);
      if (i === 0) {
        const ci = currency ? (e && Array.isArray(e.ci95) && isNum(e.ci95[0]) ? '± ' +
            money((e.ci95[1] - e.ci95[0]) / 2, currency).replace(currency + ' ', '') : '') :
            intervalOf(e);
        if (ci) td.appendChild(el('span', {class: 'ci', text: ci}));
      } else {
        td.appendChild(differenceLine(differenceOfScenario(sc), metric, currency, style,
            exactlyZero(e) && exactlyZero(valueOf(scenarios[0]))));
      }
      cells.push(td);
    });
    return el('tr', {}, cells);
  }

  // The rows of a level worth a line: not every scenario's value zero or missing.
  function anyNonZero(scenarios, level, metric) {
    return scenarios.some((sc) => {
      const e = metricOf(sc.summary, level, metric);
      return e && isNum(e.mean) && e.mean !== 0;
    });
  }

  // --min-difference as a percentage: "5%", "2.5%".
  function minDifferenceText(min) {
    return (100 * min).toLocaleString('en-US', {maximumFractionDigits: 2}) + '%';
  }

  const ANSWER_LEVEL_METRICS = ['mean_wait_days', 'p90_wait_days', 'abandonment_fraction',
    'utilization'];

  function renderAnswer(scenarios, levels) {
    const ref = scenarios[0].label;
    const min = isNum(report.min_difference) ? report.min_difference : null;
    const s = section('answer', 'What changes, compared with ' + ref,
        'Each scenario\'s value, and under it (Δ) its difference from ' + ref + ' with a 95% ' +
        'paired interval (the scenarios share their random referrals, so the interval is ' +
        'narrow); shares change in percentage points (pts). A difference is clear when its ' +
        'interval excludes zero' + (min !== null ?
            ' and it is at least ' + minDifferenceText(min) + ' of ' + ref + '\'s value ' +
            '(--min-difference)' : '') + '. Levels whose values are all zero are left out.');
    const group = (text) => el('tr', {class: 'group'}, [el('th', {colspan: String(
        scenarios.length + 1), text: text})]);
    const rows = [];
    const currency = report.currency || (report.costs && report.costs.currency) || 'USD';
    if (scenarios.some((sc) => sc.costs)) {
      rows.push(group('Annual cost (' + currency + ' per year)'));
      for (const [k, t] of [['total_cost_per_year', 'Total'], ['staff_cost_per_year', 'Staff'],
        ['non_staff_cost_per_year', 'Non-staff']])
        rows.push(answerRow(t, scenarios, (sc) => (sc.costs || {})[k],
            (sc) => ((sc.difference || {}).costs || {})[k], null, currency));
    }
    if (scenarios.some((sc) => sc.revenue)) {  // scenarios with payers' revenue
      rows.push(group('Revenue and net cost (' + currency + ' per year)'));
      for (const [k, t] of [['total_revenue_per_year', 'Revenue'],
        ['net_cost_per_year', 'Net cost (total cost − revenue)']])
        rows.push(answerRow(t, scenarios, (sc) => (sc.revenue || {})[k],
            (sc) => ((sc.difference || {}).revenue || {})[k], null, currency));
    }
    rows.push(group('Whole system'));
    for (const m of report.system_metrics || [])
      rows.push(answerRow(info(m).label + unitSuffix(m), scenarios,
          (sc) => metricOf(sc.summary, null, m), (sc) => differenceOf(sc, null, m), m));
    for (const l of levels) {
      const metrics = ANSWER_LEVEL_METRICS.filter((m) => anyNonZero(scenarios, l, m));
      if (!metrics.length) continue;
      rows.push(group('Level ' + l));
      for (const m of metrics)
        rows.push(answerRow(info(m).label + unitSuffix(m), scenarios,
            (sc) => metricOf(sc.summary, l, m), (sc) => differenceOf(sc, l, m), m, null, l));
    }
    const head = el('tr', {}, [el('th', {text: 'Metric'})].concat(scenarios.map((sc, i) =>
        el('th', {}, [el('span', {style: 'color:' + PALETTE[i % PALETTE.length], text: '■ '}),
          sc.label, i === 0 ? el('span', {class: 'unit', text: ' (reference)'}) : null,
          warningMark(sc)]))));
    s.appendChild(el('div', {class: 'table-wrap'}, [el('table', {class: 'answer wrapping',
      id: 'answer-table'}, [el('thead', {}, head), el('tbody', {}, rows)])]));
  }

  // Sections in page order: the answer table (costs first), scenarios, every metric's charts,
  // costs, waitlist forecasts.
  function renderCompare() {
    const scenarios = labelledScenarios();
    const levels = allLevels(scenarios);
    const links = [['answer', 'What changes'], ['scenarios', 'Scenarios'],
      ['differences', 'Every metric']];
    const warned = scenarios.filter((sc) => Array.isArray(sc.warnings));
    if (warned.length) links.unshift(['warnings', 'Warnings (' +
        warned.reduce((n, sc) => n + sc.warnings.length, 0) + ')']);
    if (report.costs) links.push(['costs', 'Costs']);
    links.push(['forecast', 'Waitlist forecasts']);
    header('Continuum · comparison', report.title || 'Comparison', null,
        scenarios.length + ' scenarios; differences are from ' +
        (scenarios[0] ? scenarios[0].label : '–') + ', paired over replications', links);
    if (!scenarios.length) {
      root.appendChild(note('No scenarios to compare.'));
      return;
    }
    renderEntryWarnings(scenarios, 'scenario');
    renderAnswer(scenarios, levels);
    renderScenarioTable(scenarios);
    renderDifferences(scenarios, levels);
    if (report.costs) renderCosts(report.costs);
    renderCompareForecast(scenarios, levels);
  }

  // ---- kind "sweep" ---------------------------------------------------------------------------

  function refKey(ref) { return (ref.level === null || ref.level === undefined ? 'system' :
      ref.level) + '\u0000' + ref.metric; }
  function refLabel(ref) {
    return info(ref.metric).label + ' · ' + (ref.level === null || ref.level === undefined ?
        'system' : ref.level);
  }

  // Every metric of the first point can be chosen; the table's come first.
  function sweepRefs(points) {
    const refs = [];
    const seen = new Set();
    const addRef = (r) => { if (!seen.has(refKey(r))) seen.add(refKey(r)), refs.push(r); };
    (report.table_metrics || []).forEach(addRef);
    const first = points[0].summary || {};
    for (const l of levelNames(first))
      for (const m of Object.keys(first.levels[l])) addRef({level: l, metric: m});
    for (const m of Object.keys(first.system || {})) addRef({level: null, metric: m});
    return refs;
  }

  function metricSelect(refs, chosen) {
    const select = el('select', {id: 'sweep-metric'});
    refs.forEach((r, i) => {
      const o = el('option', {value: String(i), text: refLabel(r) + unitSuffix(r.metric)});
      if (refKey(r) === refKey(chosen)) o.selected = true;
      select.appendChild(o);
    });
    return select;
  }

  // Grid points keyed by the values of the parameters other than x, in order of first appearance.
  function groupPoints(points, others) {
    const groups = new Map();
    for (const p of points) {
      const key = others.map((o) => o + ' = ' + (p.parameters || {})[o]).join(', ');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(p);
    }
    return groups;
  }

  // One group's line: the upper 95% edge filled down to the lower one, then the means.
  function bandDatasets(name, color, hi, lo, mean) {
    return [
      {label: name + ' 95% CI', tip: name + ' upper 95%', data: hi, borderWidth: 0,
        borderColor: rgba(color, 0), backgroundColor: rgba(color, 0.18), pointRadius: 0,
        pointStyle: 'rect', fill: '+1', band: 'p90'},
      {label: name + ' lo', tip: name + ' lower 95%', data: lo, borderWidth: 0,
        borderColor: rgba(color, 0), pointRadius: 0, fill: false, band: 'p10'},
      {label: name, data: mean, borderColor: color, backgroundColor: color, borderWidth: 2,
        pointRadius: 3.5, pointStyle: 'circle', fill: false}];
  }

  // categories: the x values in order when x is not numeric (x is then their index).
  function sweepDatasets(sweep, ref, categories) {
    const x = sweep.x;
    const datasets = [];
    let g = 0;
    for (const [key, members] of groupPoints(sweep.points, sweep.others)) {
      const color = PALETTE[g++ % PALETTE.length];
      if (sweep.numericX) members.sort((a, b) => a.parameters[x] - b.parameters[x]);
      const xv = (p) => sweep.numericX ? p.parameters[x] :
          categories.indexOf(String(p.parameters[x]));
      const at = (p, f) => {
        const e = metricOf(p.summary, ref.level, ref.metric);
        const v = !e ? null : f === 'mean' ? e.mean : Array.isArray(e.ci95) ?
            e.ci95[f === 'lo' ? 0 : 1] : null;
        return {x: xv(p), y: isNum(v) ? scale(v, ref.metric) : null};
      };
      datasets.push(...bandDatasets(key || refLabel(ref), color,
          members.map((p) => at(p, 'hi')), members.map((p) => at(p, 'lo')),
          members.map((p) => at(p, 'mean'))));
    }
    return datasets;
  }

  function sweepOptions(sweep, ref, categories) {
    const x = sweep.x;
    const numericX = sweep.numericX;
    const unit = info(ref.metric).percent ? '%' : info(ref.metric).unit;
    const xAxis = axis(x, numericX ? {type: 'linear'} : {type: 'linear', ticks: {stepSize: 1,
      callback: (v) => categories[v] !== undefined ? categories[v] : ''}});
    const options = lineOptions(xAxis, refLabel(ref) + (unit ? ' (' + unit + ')' : ''));
    options.plugins.tooltip.callbacks.title = (items) => items.length ? x + ' = ' +
        (numericX ? items[0].parsed.x : categories[items[0].parsed.x]) : '';
    options.plugins.tooltip.callbacks.label = (c) => (c.dataset.tip || c.dataset.label) + ': ' +
        fmtRaw(c.parsed.y, info(ref.metric).percent);
    options.interaction = {mode: 'nearest', axis: 'x', intersect: false};
    delete options.plugins.legend.labels.pointStyleWidth;  // round dots stay round
    return options;
  }

  // Destroys the holder's charts (and forgets them) before it is redrawn.
  function clearCharts(holder) {
    for (const c of holder.querySelectorAll('.card')) {
      if (c.chart) {
        charts.splice(charts.indexOf(c.chart), 1);
        c.chart.destroy();
      }
    }
    holder.textContent = '';
  }

  function drawSweepChart(holder, sweep, ref) {
    clearCharts(holder);
    const x = sweep.x;
    const categories = sweep.numericX ? undefined :
        [...new Set(sweep.points.map((p) => String((p.parameters || {})[x])))];
    holder.appendChild(el('div', {class: 'grid', style: 'grid-template-columns:1fr'}, [
      chartCard(refLabel(ref) + ' against ' + x,
          'Mean over replications at each grid point (line and dots) with its 95% confidence ' +
          'interval (band).',
          {type: 'line', data: {datasets: sweepDatasets(sweep, ref, categories)},
            options: sweepOptions(sweep, ref, categories)}, true)]));
    drawCharts(holder);
  }

  // sweep: {points, x, others (the other parameters), numericX}.
  function renderSweepChart(sweep, refs, chosen) {
    const s = section('chart', 'Metric against ' + sweep.x,
        'Each line joins the grid points that share the other parameters\' values; the band is ' +
        'the 95% confidence interval of the mean.');
    const select = metricSelect(refs, chosen);
    s.appendChild(el('div', {class: 'controls'}, [el('label', {for: 'sweep-metric',
      text: 'Metric: '}), select]));
    const holder = el('div');
    s.appendChild(holder);
    drawSweepChart(holder, sweep, chosen);
    select.addEventListener('change',
        () => drawSweepChart(holder, sweep, refs[Number(select.value)]));
  }

  // One table per metric (mean wait, utilization, lost to care, ...): a row per grid point, a
  // column per level; each column in the decimals of its smallest half-width (rowStyle: the
  // sweep's stdout rule), so no column has to wrap.
  function renderGridPoints(points, params, refs) {
    const s = section('points', 'Grid points',
        'Means over replications with 95% confidence intervals below them: a table per ' +
        'metric, a column per level, each column in the decimals its smallest interval needs.');
    const tableRefs = report.table_metrics && report.table_metrics.length ? report.table_metrics :
        refs.slice(0, 6);
    const metrics = [];
    for (const r of tableRefs) if (!metrics.includes(r.metric)) metrics.push(r.metric);
    const levelOf = (r) => r.level === null || r.level === undefined ? null : r.level;
    for (const m of metrics) {
      const order = Object.keys((points[0] && points[0].summary &&
          points[0].summary.levels) || {});
      const rank = (r) => levelOf(r) === null ? order.length : order.indexOf(levelOf(r));
      const columns = tableRefs.filter((r) => r.metric === m).sort((a, b) => rank(a) - rank(b));
      const styles = columns.map((r) => rowStyle(points.map((p) =>
        shown(metricOf(p.summary, levelOf(r), m), m)), m));
      const head = el('tr', {}, params.map((p) => el('th', {style: 'text-align:left', text: p}))
          .concat(columns.map((r) => el('th', {text: levelOf(r) === null ? 'system' :
            levelOf(r)}))));
      const rows = points.map((p) => el('tr', Array.isArray(p.warnings) && p.warnings.length ?
        {class: 'warned', 'data-warnings': String(p.warnings.length)} : {}, params.map(
          (name, k) => el('td', {}, [String((p.parameters || {})[name]),
            k === params.length - 1 ? warningMark(p) : null])).concat(columns.map((r, i) =>
          styledCell(metricOf(p.summary, levelOf(r), m), m, styles[i], false)))));
      s.appendChild(el('h3', {style: 'margin:14px 0 6px', text: info(m).label + unitSuffix(m)}));
      s.appendChild(el('div', {class: 'table-wrap'}, [el('table', {'data-metric': m}, [
        el('thead', {}, head), el('tbody', {}, rows)])]));
    }
  }

  // Sections in page order: the chart with its metric picker, then the grid points table.
  function renderSweep() {
    const points = report.points || [];
    const params = report.parameters || [];
    const x = report.x || params[0];
    const links = [['chart', 'Chart'], ['points', 'Grid points']];
    const warned = points.filter((p) => Array.isArray(p.warnings));
    if (warned.length) links.unshift(['warnings', 'Warnings (' +
        warned.reduce((n, p) => n + p.warnings.length, 0) + ')']);
    if (report.costs) links.push(['costs', 'Costs']);
    header('Continuum · sweep', report.title || 'Sweep', null,
        points.length + ' grid points over ' + (params.join(', ') || '–'), links);
    if (!points.length) {
      root.appendChild(note('The sweep has no grid points.'));
      return;
    }
    const refs = sweepRefs(points);
    const sweep = {points: points, x: x, others: params.filter((p) => p !== x),
      numericX: points.every((p) => isNum(p.parameters && p.parameters[x]))};
    renderEntryWarnings(points.map((p) => Object.assign({}, p, {label: params.map((name) =>
      name + ' = ' + String((p.parameters || {})[name])).join(', ')})), 'grid point');
    renderSweepChart(sweep, refs, report.chart_metric || refs[0]);
    renderGridPoints(points, params, refs);
    if (report.costs) renderCosts(report.costs);
  }

  // ---- drawing, and what was drawn ------------------------------------------------------------

  // Pixels of a chart's canvas in a saturated colour: the data marks (axes and text are grey).
  function colouredPixels(canvas) {
    const ctx = canvas.getContext('2d');
    if (!canvas.width || !canvas.height) return 0;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] < 40) continue;
      const hi = Math.max(px[i], px[i + 1], px[i + 2]);
      const lo = Math.min(px[i], px[i + 1], px[i + 2]);
      if (hi - lo > 40) ++n;
    }
    return n;
  }

  function finish() {
    let points = 0;
    let painted = 0;
    for (const chart of charts) {
      let n = 0;
      chart.data.datasets.forEach((ds, i) => {
        if (!chart.isDatasetVisible(i)) return;
        // Elements with a value that landed on the canvas (a missing value still gets one).
        const value = (v) => v !== null && typeof v === 'object' ? v.y : v;
        n += chart.getDatasetMeta(i).data.filter((e, j) => e && isNum(e.x) && isNum(e.y) &&
            isNum(value(ds.data[j]))).length;
      });
      const coloured = colouredPixels(chart.canvas);
      chart.canvas.setAttribute('data-points', String(n));
      chart.canvas.setAttribute('data-coloured-pixels', String(coloured));
      if (chart.scales.y) chart.canvas.setAttribute('data-y-max', String(chart.scales.y.max));
      points += n;
      if (n > 0 && coloured >= 50) ++painted;
    }
    status.setAttribute('data-charts', String(charts.length));
    status.setAttribute('data-points', String(points));
    status.setAttribute('data-painted', String(painted));
    // The page's width against the window's, and the tables that need a scroll bar to show
    // all their columns (a column cut off at the window's width), for headless tests.
    status.setAttribute('data-window-width', String(window.innerWidth));
    status.setAttribute('data-scroll-width', String(document.documentElement.scrollWidth));
    const cut = [...document.querySelectorAll('.table-wrap')].filter((w) =>
        w.scrollWidth > w.clientWidth + 1);
    status.setAttribute('data-overflowing-tables', String(cut.length));
    cut.forEach((w) => w.setAttribute('data-overflowing', 'true'));
    status.setAttribute('data-state', 'rendered');
  }

  try {
    report = JSON.parse(document.getElementById('report-data').textContent);
    metricInfo = report.metrics || {};
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.color = '#1d2733';
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 12;
    Chart.defaults.plugins.legend.labels.boxWidth = 14;
    Chart.defaults.plugins.legend.labels.boxHeight = 10;
    if (report.kind === 'run') renderRun();
    else if (report.kind === 'compare') renderCompare();
    else if (report.kind === 'sweep') renderSweep();
    else throw new Error('unknown report kind ' + report.kind);
    // The plain compliance table (html_report.cpp, outside the rendered part) before the footer.
    const plainCompliance = document.getElementById('compliance');
    if (plainCompliance) root.appendChild(plainCompliance);
    root.appendChild(el('footer', {}, [
      'Made by Continuum (report schema ' + (report.schema_version || '?') + '). Charts drawn ' +
      'with Chart.js ' + Chart.version + ' (MIT licence), embedded in this file: the page ' +
      'loads nothing from the network.']));
    finish();
  } catch (e) {
    status.setAttribute('data-state', 'failed');
    window.reportRecordError('error: ' + (e && e.stack ? e.stack : e));
  }
  // The tables' formatting, for the class selector (html_report.cpp), which refills the key
  // results and system tables with a class's values by the same rule.
  window.reportTables = {levelRowStyle: levelRowStyle, styledCell: styledCell,
    systemTexts: systemTexts};
})();
