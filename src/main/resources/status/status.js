// The status page's refresh: every few seconds it reads /status.json, puts each value into the
// element whose data-key names it (formatted like the server-rendered text, see Format.java),
// rebuilds the lists and tables, reorders the drift cards by PSI, and draws the charts with uPlot.
// Nothing is written as HTML: only text, attributes and the charts' canvases.
(function () {
  'use strict';

  var UNKNOWN = '\u2013';
  // Okabe-Ito: distinguishable with every common form of color blindness.
  var COLORS = { blue: '#0072B2', orange: '#E69F00', vermillion: '#D55E00', green: '#009E73', sky: '#56B4E9' };
  var recordError = window.loanStatus ? window.loanStatus.recordError : function () {};
  var charts = {};
  var refreshes = 0;

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  // The same rules as Format.java: toFixed rounds the exact binary value half up, as BigDecimal does there.
  var FORMATS = {
    count: function (v) { return group(v.toFixed(0)); },
    percent: function (v) { return (v * 100).toFixed(1) + ' %'; },
    fixed2: function (v) { return v.toFixed(2); },
    fixed3: function (v) { return v.toFixed(3); },
    rate: function (v) { return v.toFixed(1) + '/s'; },
    millis: function (v) {
      var ms = v * 1000;
      return ms.toFixed(ms < 1 ? 3 : ms < 10 ? 2 : 1) + ' ms';
    },
    duration: function (v) {
      if (v < 120) { return v.toFixed(0) + ' s'; }
      if (v < 7200) { return (v / 60).toFixed(1) + ' min'; }
      if (v < 172800) { return (v / 3600).toFixed(1) + ' h'; }
      return (v / 86400).toFixed(1) + ' d';
    },
    text: function (v) { return String(v); }
  };

  function show(value, format) {
    if (value === null || value === undefined) { return UNKNOWN; }
    return FORMATS[format || 'text'](value);
  }

  // Dot-separated fields; in a list, the element whose name or version is the next part (as PageWriter.at).
  function lookup(node, key) {
    var parts = key.split('.');
    for (var i = 0; i < parts.length && node !== null && node !== undefined; i++) {
      var part = parts[i];
      if (Array.isArray(node)) {
        node = node.find(function (e) { return e && (e.name === part || e.version === part); });
      } else {
        node = node[part];
      }
    }
    return node === undefined ? null : node;
  }

  function updateValues(status) {
    document.querySelectorAll('[data-key]').forEach(function (el) {
      var value = lookup(status, el.dataset.key);
      var format = el.dataset.format;
      if (format) {
        el.dataset.value = typeof value === 'number' ? String(value) : '';
      }
      el.textContent = show(value, format);
      el.dataset.source = 'live';
    });
  }

  function rowsOf(list, flatten) {
    var rows = [];
    (list || []).forEach(function (element) {
      if (!flatten) { rows.push(element); return; }
      (element[flatten] || []).forEach(function (inner) {
        rows.push(Object.assign({}, element, inner));
      });
    });
    return rows;
  }

  function updateTables(status) {
    document.querySelectorAll('table[data-list]').forEach(function (table) {
      var columns = Array.prototype.map.call(table.querySelectorAll('thead th[data-col]'), function (th) {
        return { key: th.dataset.col, format: th.dataset.format };
      });
      var rowKey = table.dataset.rowKey.split(',');
      var body = document.createElement('tbody');
      rowsOf(lookup(status, table.dataset.list), table.dataset.flatten).forEach(function (row) {
        var tr = document.createElement('tr');
        tr.dataset.row = rowKey.map(function (k) { return row[k] === null || row[k] === undefined ? '' : String(row[k]); }).join('/');
        columns.forEach(function (column) {
          var td = document.createElement('td');
          var value = row[column.key];
          td.dataset.col = column.key;
          if (column.format !== 'text') {
            td.dataset.value = typeof value === 'number' ? String(value) : '';
          }
          td.textContent = show(value, column.format);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.replaceChild(body, table.tBodies[0]);
    });
  }

  function updateWarnings(status) {
    var list = document.getElementById('warnings');
    var items = status.warnings.map(function (warning) {
      var li = document.createElement('li');
      li.dataset.rule = warning.rule;
      if (warning.subject !== null) { li.dataset.subject = warning.subject; }
      li.textContent = warning.message;
      return li;
    });
    list.replaceChildren.apply(list, items);
    document.getElementById('all-clear').hidden = items.length > 0;
    document.getElementById('warnings-section').classList.toggle('clear', items.length === 0);
  }

  function updateSections(status) {
    document.querySelectorAll('[data-present]').forEach(function (section) {
      section.hidden = lookup(status, section.dataset.present) === null;
    });
  }

  function updateDriftCards(status) {
    var container = document.getElementById('drift-cards');
    var signals = status.drift.features.slice();
    if (status.drift.prediction_score) { signals.push(status.drift.prediction_score); }
    signals.forEach(function (signal) {
      var card = document.getElementById('feature-' + signal.name);
      if (!card) { return; }
      card.classList.toggle('drifted', signal.drifted);
      card.querySelector('.badge').hidden = !signal.drifted;
      container.appendChild(card);
      drawBins(card, signal);
    });
  }

  function shortNumber(n) {
    var a = Math.abs(n);
    if (a >= 1e6) { return +(n / 1e6).toFixed(1) + 'M'; }
    if (a >= 1e3) { return +(n / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k'; }
    return String(+n.toFixed(2));
  }

  function binLabel(bins, i) {
    var upper = bins[i].upper_bound;
    if (upper === null) { return i === 0 ? 'all' : '\u2265' + shortNumber(bins[i - 1].upper_bound); }
    return '<' + shortNumber(upper);
  }

  // Every bin's label when they fit, else every second or third one, the last one always.
  function binLabels(u, bins, splits) {
    var perBin = u.bbox.width / uPlot.pxRatio / Math.max(1, bins.length);
    var step = Math.max(1, Math.ceil(36 / perBin));
    var last = bins.length - 1;
    return splits.map(function (i) {
      return i === last || (i % step === 0 && last - i >= step) ? binLabel(bins, i) : '';
    });
  }

  function draw(el, options, data) {
    var chart = charts[el.id];
    if (chart) {
      chart.setData(data);
      return;
    }
    options.width = Math.max(200, el.clientWidth);
    // Series names only: values under the cursor would repeat what the page already says.
    options.legend = { live: false };
    options.hooks = { draw: [function () { el.dataset.rendered = 'true'; }] };
    charts[el.id] = new uPlot(options, data, el);
  }

  function drawBins(card, signal) {
    var el = card.querySelector('[data-chart]');
    var bins = signal.bins;
    var xs = bins.map(function (b, i) { return i; });
    var drifted = signal.drifted;
    draw(el, {
      height: 130,
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.6, bins.length - 0.4] }, y: { range: [0, null] } },
      axes: [
        { splits: function () { return xs; }, values: function (u, splits) { return binLabels(u, bins, splits); }, size: 30, gap: 4 },
        { values: function (u, splits) { return splits.map(function (v) { return Math.round(v * 100) + ' %'; }); }, size: 52 }
      ],
      series: [
        {},
        { label: 'training', fill: COLORS.sky, stroke: COLORS.blue, width: 1, paths: uPlot.paths.bars({ size: [0.38, 40], align: -1 }), points: { show: false } },
        { label: 'live', fill: drifted ? COLORS.vermillion : COLORS.orange, stroke: drifted ? COLORS.vermillion : COLORS.orange, width: 1, paths: uPlot.paths.bars({ size: [0.38, 40], align: 1 }), points: { show: false } }
      ]
    }, [xs, bins.map(function (b) { return b.reference_share; }), bins.map(function (b) { return b.live_share; })]);
  }

  // From the first sampled second (at most fifteen minutes ago, at least two minutes shown), so a
  // service started a minute ago does not draw a line squeezed against the right edge.
  function shownFrom(series) {
    var first = series.findIndex(function (v) { return v !== null; });
    return Math.max(0, Math.min(first < 0 ? series.length : first, series.length - 120));
  }

  function drawTraffic(status) {
    var traffic = status.traffic;
    var from = shownFrom(traffic.series.requests_per_second);
    var cut = function (list) { return list.slice(from); };
    var xs = cut(traffic.series.requests_per_second).map(function (v, i) { return traffic.first_second + from + i; });
    var ms = function (list) { return cut(list).map(function (v) { return v === null ? null : v * 1000; }); };
    draw(document.getElementById('chart-traffic'), {
      height: 180,
      scales: { y: { range: [0, null] } },
      axes: [{}, { size: 50 }],
      series: [
        {},
        { label: 'requests/s', stroke: COLORS.blue, width: 1.5, points: { show: false } },
        { label: 'errors/s', stroke: COLORS.vermillion, width: 1.5, dash: [6, 3], points: { show: false } }
      ]
    }, [xs, cut(traffic.series.requests_per_second), cut(traffic.series.errors_per_second)]);
    draw(document.getElementById('chart-latency'), {
      height: 180,
      scales: { y: { range: [0, null] } },
      axes: [{}, { size: 60, values: function (u, splits) { return splits.map(function (v) { return +v.toFixed(3) + ' ms'; }); } }],
      series: [
        {},
        { label: 'p50', stroke: COLORS.blue, width: 1.5, points: { show: false } },
        { label: 'p99', stroke: COLORS.orange, width: 1.5, dash: [6, 3], points: { show: false } }
      ]
    }, [xs, ms(traffic.series.p50_seconds), ms(traffic.series.p99_seconds)]);
  }

  function update(status) {
    updateValues(status);
    updateTables(status);
    updateWarnings(status);
    updateSections(status);
    updateDriftCards(status);
    drawTraffic(status);
    refreshes++;
    document.body.dataset.refreshes = String(refreshes);
    document.getElementById('refresh-state').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  function refresh() {
    return fetch('/status.json', { cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('/status.json answered ' + response.status); }
        return response.json();
      })
      .then(update)
      .catch(function (error) {
        recordError('refresh failed: ' + error.message);
        document.getElementById('refresh-state').textContent = 'refresh failed: ' + error.message;
      });
  }

  refresh();
  window.setInterval(refresh, Number(document.body.dataset.refreshSeconds) * 1000);
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) {
      var el = document.getElementById(id);
      charts[id].setSize({ width: Math.max(200, el.clientWidth), height: charts[id].height });
    });
  });
})();
