/*
 * map.html: the page of a plan (cli/maphtml.c writes it with the data in
 * the JSON block #wo-data). Builds the header figures, the Leaflet map
 * (district boundaries, one layer per stream, transfers, facilities,
 * depots, sites, unserved stops), the route list with the visits of the
 * route clicked, the unserved stops, the annex indicators and the what-if
 * comparison. Everything taken from the data goes into the page as text
 * (textContent) or through esc(), never as markup.
 *
 * For tests and scripts, window.wasteoptPage holds: ready (true once the
 * routes are drawn), map (the Leaflet map, null without Leaflet),
 * routeLayersOnMap() (route lines currently on the map), selected (index
 * of the selected route, -1: none) and select(i).
 */
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('wo-data').textContent);
  var plan = D.plan || null;
  var geo = D.geo || null;
  var routes = plan ? plan.routes : [];
  var days = plan ? plan.summary.days : 1;
  var page = {
    ready: false, map: null, selected: -1,
    routeLayersOnMap: function () { return 0; },
    select: function (i) { select(i, false); }
  };
  window.wasteoptPage = page;

  /* ------------------------------------------------------------ helpers */

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;',
               "'": '&#39;' }[c];
    });
  }

  /* An element with attributes and children (strings become text). */
  function el(tag, attrs, kids) {
    var e = document.createElement(tag), k;
    for (k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else if (k === 'style') e.style.cssText = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function fmt(x, d) {
    if (x === null || x === undefined || !isFinite(x)) return '–';
    return Number(x).toLocaleString('en-US', {
      minimumFractionDigits: d, maximumFractionDigits: d });
  }

  /* "HH:MM" of seconds from midnight (hours may pass 24: the next day). */
  function hm(s) {
    if (s === null || s === undefined || !isFinite(s)) return '';
    var t = Math.round(s / 60), h = Math.floor(t / 60), m = t % 60;
    return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m;
  }

  var streams = {};
  D.streams.forEach(function (s) { streams[s.code] = s; });
  function streamColour(code) {
    return streams[code] ? streams[code].colour : '#999999';
  }
  function streamName(code) {
    var s = streams[code];
    return s ? s.name_zh + ' ' + s.code : code;
  }
  function swatch(code) {
    return el('span', { cls: 'sw', style: 'background:' + streamColour(code) });
  }
  function kindText(k) { return String(k).replace(/_/g, ' '); }

  function stopsOf(r) {
    return r.visits.filter(function (v) { return v.kind === 'stop'; }).length;
  }

  /* ------------------------------------------------------------- header */

  function header() {
    var t = document.getElementById('title');
    var f = document.getElementById('figures');
    if (!D.scenario) {
      t.textContent = 'wasteopt: no scenario loaded';
      return;
    }
    t.textContent = 'wasteopt plan: ' + D.scenario.name + ' · ' +
      (plan ? plan.summary.date : D.scenario.date) +
      (plan && days > 1 ? ' (' + days + ' days)' : '');
    document.title = t.textContent;
    if (!plan) {
      f.appendChild(el('span', { text: 'no plan: the scenario only' }));
      return;
    }
    var s = plan.summary;
    function fig(label, value, bad) {
      f.appendChild(el('span', { cls: bad ? 'bad' : '' },
                       [label + ' ', el('b', { text: value })]));
    }
    fig('cost', fmt(s.cost, 0) + ' ' + s.currency);
    fig('distance', fmt(s.distance_km, 0) + ' km');
    fig('vehicle-hours', fmt(s.duration_h, 1));
    fig('vehicles', String(s.vehicles_used));
    fig('routes', String(s.routes));
    fig('collected', fmt(s.served_t, 1) + ' t');
    fig('unserved', fmt(s.unserved_t, 1) + ' t (' + s.unserved_stops +
        ' stops)', s.unserved_stops > 0);
    if (s.interrupted)
      fig('', 'interrupted: best plan so far', true);
  }

  function notice(text) {
    var n = document.getElementById('notice');
    n.hidden = false;
    n.appendChild(el('div', { text: text }));
  }

  /* --------------------------------------------------------------- tabs */

  var tabs = [];
  function addTab(id, label) {
    var b = el('button', { type: 'button', 'data-tab': id, text: label });
    b.addEventListener('click', function () { showTab(id); });
    document.getElementById('tabs').appendChild(b);
    tabs.push(id);
  }
  function showTab(id) {
    Array.prototype.forEach.call(document.querySelectorAll('section.tab'),
      function (sec) { sec.hidden = sec.id !== 'tab-' + id; });
    Array.prototype.forEach.call(document.querySelectorAll('#tabs button'),
      function (b) { b.className = b.getAttribute('data-tab') === id ? 'on' : ''; });
  }

  /* ---------------------------------------------------------------- map */

  var map = null, canvas = null, routeLines = [], transferLines = [], stopLayer = null;
  var overview = null, layersControl = null;

  /* Fit bounds into the part of the map the layer list does not cover (it
   * stands open at the top right): a margin of its width on the right. */
  function fitPadded(b, maxZoom) {
    var box = layersControl ? layersControl.getContainer() : null;
    var right = box ? box.offsetWidth + 20 : 10;
    map.fitBounds(b, { paddingTopLeft: [10, 10], paddingBottomRight: [right, 10],
                       maxZoom: maxZoom || 18 });
  }
  var hiddenStreams = {}, unservedMarkers = [];
  var FAC_COLOURS = {
    transfer_station: '#ffffff', sorting_centre: '#1f77b4',
    incinerator: '#d62728', kitchen_waste_plant: '#2ca02c',
    hazardous_waste: '#7b2cbf', landfill: '#7f5f3f', cd_recycling: '#ff7f0e',
    spoil_site: '#8c564b', slurry_plant: '#7f7f00',
    medical_disposal: '#e6007e', film_centre: '#17becf',
    straw_utilization: '#e6b800', fertilizer_plant: '#00665e',
    pesticide_pack_centre: '#000080', sludge_plant: '#6d4c41',
    cement_kiln: '#666666', ash_utilization: '#a6a6a6', storage: '#cccccc'
  };
  var ROUTE_STYLE = { weight: 1.6, opacity: 0.75 };
  function transferWeight(t) { return Math.min(1.5 + Math.sqrt(t.trips) / 2, 5); }

  function routeLatLngs(i) {
    var g = geo.routes[i];
    if (g.path) return g.path;
    var pts = [];
    routes[i].visits.forEach(function (v, k) {
      if (v.kind !== 'break') pts.push([g.visits[k][0], g.visits[k][1]]);
    });
    return pts;
  }

  /* A point inside the largest ring of a district, for its label: the
   * mean of the ring's vertices. */
  function labelPoint(rings) {
    var best = null;
    rings.forEach(function (r) { if (!best || r.length > best.length) best = r; });
    var la = 0, lo = 0;
    best.forEach(function (p) { la += p[0]; lo += p[1]; });
    return [la / best.length, lo / best.length];
  }

  function buildMap() {
    var box = document.getElementById('map');
    if (typeof L === 'undefined') {
      box.className = 'nomap';
      var why = D.leaflet === 'missing'
        ? 'The map is missing: Leaflet was not found in ' + D.leaflet_dir +
          ' when this page was written. Install the Debian package ' +
          'libjs-leaflet (or set WO_LEAFLET_DIR to a Leaflet 1.x directory) ' +
          'and write the plan again. The route list, the unserved stops ' +
          'and the indicators are complete.'
        : 'The map is missing: Leaflet could not be loaded. The route ' +
          'list, the unserved stops and the indicators are complete.';
      box.textContent = why;
      notice(why);
      return;
    }
    canvas = L.canvas({ padding: 0.5, tolerance: 5 });
    map = L.map(box, { preferCanvas: true, renderer: canvas, zoomSnap: 0.25 });
    page.map = map;
    var overlays = {}, bounds = L.latLngBounds([]);

    if (D.tiles && D.tiles.url) {
      var tiles = L.tileLayer(D.tiles.url, {
        maxZoom: 19, attribution: esc(D.tiles.attribution || '') });
      var ok = 0, bad = 0, warned = false;
      tiles.on('tileload', function () { ok++; });
      tiles.on('tileerror', function () { bad++; });
      tiles.on('load', function () {
        if (!warned && ok === 0 && bad > 0) {
          warned = true;
          map.attributionControl.addAttribution(
            'background tiles unreachable (offline?): boundaries drawn from the scenario');
        }
      });
      tiles.addTo(map);
      overlays['Background map (tiles)'] = tiles;
    }

    if (D.districts && D.districts.length) {
      var dl = L.layerGroup();
      D.districts.forEach(function (d) {
        L.polygon(d.rings, {
          color: '#6b5b4b', weight: 1.2, opacity: 0.9, fill: true,
          fillColor: d.urban ? '#efe6d8' : '#f5f1ea', fillOpacity: 0.35,
          interactive: false, renderer: canvas
        }).addTo(dl);
        d.rings.forEach(function (r) {
          r.forEach(function (p) { bounds.extend(p); });
        });
        L.marker(labelPoint(d.rings), {
          interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'district-label', html: '<span>' + esc(d.name) + '</span>',
                            iconSize: null })
        }).addTo(dl);
      });
      dl.addTo(map);
      overlays['Districts 区县'] = dl;
    }

    if (D.sites && D.sites.length) {
      var sl = L.layerGroup();
      D.sites.forEach(function (s) {
        L.circleMarker([s[0], s[1]], {
          radius: 1.8, weight: 0, fillColor: '#6d6d6d', fillOpacity: 0.55,
          renderer: canvas
        }).bindTooltip(esc(s[3]) + ' (' + esc(s[2]) + ', ' +
                       esc(kindText(s[4])) + ')').addTo(sl);
      });
      sl.addTo(map);
      overlays['Collection sites (' + D.sites.length + ')'] = sl;
    }

    var routeBounds = L.latLngBounds([]);
    if (plan) {
      var byStream = {}, order = [];
      routes.forEach(function (r, i) {
        if (!byStream[r.stream]) {
          byStream[r.stream] = L.layerGroup();
          byStream[r.stream].woStream = r.stream;
          byStream[r.stream].woCount = 0;
          order.push(r.stream);
        }
        var line = L.polyline(routeLatLngs(i), {
          color: streamColour(r.stream), weight: ROUTE_STYLE.weight,
          opacity: ROUTE_STYLE.opacity, renderer: canvas
        });
        line.woRoute = i;
        line.bindTooltip(esc(r.vehicle) + ' · ' + esc(streamName(r.stream)) +
                         ' · day ' + r.day + ' · ' + stopsOf(r) + ' stops',
                         { sticky: true });
        line.on('click', function () { select(i, true); });
        line.addTo(byStream[r.stream]);
        routeLines[i] = line;
        routeBounds.extend(line.getBounds());
        byStream[r.stream].woCount++;
      });
      order.forEach(function (code) {
        byStream[code].addTo(map);
        overlays['<span class="sw" style="background:' + streamColour(code) +
                 '"></span>' + esc(streamName(code)) + ' (' +
                 byStream[code].woCount + ' routes)'] = byStream[code];
      });

      if (plan.transfers.length) {
        var tl = L.layerGroup();
        plan.transfers.forEach(function (t, i) {
          var g = geo.transfers[i];
          var line = L.polyline(g, {
            color: streamColour(t.stream), weight: transferWeight(t),
            opacity: 0.7, dashArray: '8 6', renderer: canvas
          });
          transferLines.push(line);
          line.bindTooltip(esc(t.from) + ' → ' + esc(t.to) + ' · ' +
                         esc(streamName(t.stream)) + ' · day ' + t.day + ' · ' +
                         t.trips + ' trips, ' + fmt(t.tonnes, 1) + ' t, ' +
                         fmt(t.distance_km, 1) + ' km', { sticky: true })
            .addTo(tl);
        });
        tl.addTo(map);
        overlays['Transfers, second echelon (' + plan.transfers.length + ')'] = tl;
      }
    }

    if (D.facilities && D.facilities.length) {
      var fl = L.layerGroup();
      D.facilities.forEach(function (f) {
        var usable = f.status === 'operating' || f.status === 'planned';
        L.circleMarker(f.pos, {
          radius: usable ? 6 : 4, color: '#222', weight: 1.5,
          opacity: usable ? 1 : 0.5, fillColor: FAC_COLOURS[f.kind] || '#999999',
          fillOpacity: usable ? 0.95 : 0.35, renderer: canvas
        }).bindTooltip('<b>' + esc(f.name) + '</b><br>' + esc(kindText(f.kind)) +
                       ' · ' + esc(f.status) + '<br>' +
                       f.streams.map(esc).join(', ')).addTo(fl);
        bounds.extend(f.pos);
      });
      fl.addTo(map);
      overlays['Facilities (' + D.facilities.length + ')'] = fl;
    }
    if (D.depots && D.depots.length) {
      var pl = L.layerGroup();
      D.depots.forEach(function (d) {
        L.circleMarker(d.pos, {
          radius: 5, color: '#fff', weight: 1.5, fillColor: '#111',
          fillOpacity: 1, renderer: canvas
        }).bindTooltip('<b>' + esc(d.name) + '</b><br>depot ' + esc(d.id))
          .addTo(pl);
      });
      pl.addTo(map);
      overlays['Depots (' + D.depots.length + ')'] = pl;
    }

    if (plan && plan.unserved.length) {
      var ul = L.layerGroup(), bySite = {};
      plan.unserved.forEach(function (u, i) {
        var g = geo.unserved[i];
        if (!g.pos) return;
        var key = g.pos[0] + ',' + g.pos[1];
        if (!bySite[key]) bySite[key] = { pos: g.pos, name: g.name, items: [] };
        bySite[key].items.push(u);
      });
      Object.keys(bySite).forEach(function (key) {
        var s = bySite[key];
        var rows = s.items.map(function (u) {
          return '<div class="item">' + esc(streamName(u.stream)) + ' · day ' + u.day +
                 ' · ' + fmt(u.amount_kg, 0) + ' kg<br><b>' + esc(u.reason) +
                 '</b>: ' + esc(u.detail || '') + '</div>';
        }).join('');
        var m = L.circleMarker(s.pos, {
          radius: 7, color: '#d00000', weight: 3, fillColor: '#ffffff',
          fillOpacity: 0.85, renderer: canvas
        }).bindTooltip('<b>' + esc(s.name) + '</b>: ' + s.items.length +
                       ' unserved (' + esc(s.items[0].reason) + ')')
          .bindPopup('<div class="unserved-pop"><b>' + esc(s.name) + '</b> (' +
                     esc(s.items[0].site) + '), unserved:' + rows + '</div>',
                     { maxWidth: 360, minWidth: 240 });
        m.addTo(ul);
        s.items.forEach(function (u) { unservedMarkers.push({ u: u, m: m }); });
      });
      ul.addTo(map);
      overlays['Unserved stops (' + plan.unserved.length + ')'] = ul;
    }

    stopLayer = L.layerGroup().addTo(map);
    layersControl = L.control.layers(null, overlays, { collapsed: false, position: 'topright' })
      .addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    legend();

    map.on('overlayadd overlayremove', function (e) {
      if (e.layer.woStream === undefined) return;
      hiddenStreams[e.layer.woStream] = e.type === 'overlayremove';
      fillRoutes();
    });
    page.routeLayersOnMap = function () {
      var n = 0;
      map.eachLayer(function (l) { if (l.woRoute !== undefined) n++; });
      return n;
    };

    overview = routeBounds.isValid() ? routeBounds.pad(0.03)
             : bounds.isValid() ? bounds.pad(0.03) : null;
    fitOverview();
  }

  /* The whole plan in view (after the side panel has its content, so that
   * the map's size is final). */
  function fitOverview() {
    if (!map) return;
    map.invalidateSize();
    if (overview) fitPadded(overview);
    else map.setView([29.56, 106.55], 10);
  }

  function legend() {
    var c = L.control({ position: 'bottomleft' });
    c.onAdd = function () {
      var d = el('div', { cls: 'map-legend' });
      d.innerHTML =
        '<div><i style="background:#111;border-color:#fff"></i>depot</div>' +
        '<div><i style="background:#d62728"></i>facility (colour: kind; hover: name)</div>' +
        '<div><i style="background:#fff;border:3px solid #d00000"></i>unserved stop</div>' +
        '<div><i style="background:#6d6d6d;width:4px;height:4px"></i>collection site</div>' +
        '<div>lines: routes, coloured by stream; dashed: transfers</div>';
      return d;
    };
    c.addTo(map);
  }

  /* ------------------------------------------------------------- routes */

  var sortKey = null, sortDir = 1;
  var COLUMNS = [
    { key: 'day', label: 'Day', n: true, get: function (r) { return r.day; },
      show: days > 1 },
    { key: 'vehicle', label: 'Vehicle', get: function (r) { return r.vehicle; } },
    { key: 'stream', label: 'Stream', get: function (r) { return r.stream; } },
    { key: 'stops', label: 'Stops', n: true, get: stopsOf },
    { key: 'km', label: 'km', n: true, d: 1,
      get: function (r) { return r.distance_km; } },
    { key: 'h', label: 'Hours', n: true, d: 2,
      get: function (r) { return r.duration_h; } },
    { key: 't', label: 'Tonnes', n: true, d: 2,
      get: function (r) { return r.tonnes; } }
  ].filter(function (c) { return c.show !== false; });

  function routeHead() {
    var tr = el('tr');
    COLUMNS.forEach(function (c) {
      var th = el('th', { cls: 'sort' + (c.n ? ' n' : ''), title: 'sort',
                          text: c.label + (sortKey === c.key ? (sortDir > 0 ? ' ▲' : ' ▼') : '') });
      th.addEventListener('click', function () {
        sortDir = sortKey === c.key ? -sortDir : (c.n ? -1 : 1);
        sortKey = c.key;
        routeHead();
        fillRoutes();
      });
      tr.appendChild(th);
    });
    var thead = document.querySelector('#routes thead');
    thead.textContent = '';
    thead.appendChild(tr);
  }

  function fillRoutes() {
    var tbody = document.querySelector('#routes tbody');
    var idx = routes.map(function (r, i) { return i; }).filter(function (i) {
      return !hiddenStreams[routes[i].stream];
    });
    if (sortKey) {
      var col = COLUMNS.filter(function (c) { return c.key === sortKey; })[0];
      idx.sort(function (a, b) {
        var x = col.get(routes[a]), y = col.get(routes[b]);
        return (x < y ? -1 : x > y ? 1 : a - b) * sortDir;
      });
    }
    var frag = document.createDocumentFragment();
    idx.forEach(function (i) {
      var r = routes[i];
      var tr = el('tr', { 'data-route': String(i), cls: i === page.selected ? 'sel' : '' });
      COLUMNS.forEach(function (c) {
        var v = c.get(r);
        if (c.key === 'stream')
          tr.appendChild(el('td', { title: streamName(r.stream) }, [swatch(r.stream), r.stream]));
        else
          tr.appendChild(el('td', { cls: c.n ? 'n' : '', text: c.d ? fmt(v, c.d) : String(v) }));
      });
      tr.addEventListener('click', function () { select(i, false); });
      frag.appendChild(tr);
    });
    tbody.textContent = '';
    tbody.appendChild(frag);
    document.getElementById('route-count').textContent =
      idx.length === routes.length
        ? routes.length + ' routes: click one to see its visits'
        : idx.length + ' of ' + routes.length + ' routes (streams switched off on the map are left out)';
  }

  function detail(i) {
    var box = document.getElementById('detail');
    box.textContent = '';
    if (i < 0) { box.hidden = true; return; }
    var r = routes[i], g = geo ? geo.routes[i] : null;
    var close = el('button', { type: 'button', title: 'close', text: '×' });
    close.addEventListener('click', function () { select(-1, false); });
    box.appendChild(el('div', { cls: 'head' }, [
      el('h2', {}, [swatch(r.stream), r.vehicle + ' · ' + streamName(r.stream)]),
      close]));
    box.appendChild(el('div', { cls: 'facts', text:
      'day ' + r.day + ' (' + r.date + ') · depot ' + r.depot + ' · ' +
      stopsOf(r) + ' stops · ' + fmt(r.distance_km, 1) + ' km · ' +
      fmt(r.duration_h, 2) + ' h · ' + fmt(r.tonnes, 2) + ' t · ' +
      fmt(r.cost, 0) + ' CNY' }));
    var t = el('table', { id: 'visits' });
    t.appendChild(el('thead', {}, [el('tr', {}, [
      el('th', { cls: 'n', text: '#' }), el('th', { text: 'Arrive' }),
      el('th', { text: 'Start' }), el('th', { text: 'Leave' }),
      el('th', { text: 'What' }), el('th', { text: 'Place' }),
      el('th', { cls: 'n', text: 'kg' }), el('th', { cls: 'n', text: 'Load kg' })])]));
    var tb = el('tbody');
    r.visits.forEach(function (v, k) {
      var name = g ? g.visits[k][2] : v.site;
      tb.appendChild(el('tr', { 'data-kind': v.kind }, [
        el('td', { cls: 'n', text: String(k) }),
        el('td', { text: hm(v.arrival_s) }), el('td', { text: hm(v.start_s) }),
        el('td', { text: hm(v.depart_s) }),
        el('td', { cls: 'kind-' + v.kind, text: v.kind }),
        el('td', { cls: 'place', title: v.site,
                   text: name === v.site ? name : name + ' (' + v.site + ')' }),
        el('td', { cls: 'n', text: v.kind === 'stop' || v.kind === 'unload' ? fmt(v.amount_kg, 0) : '' }),
        el('td', { cls: 'n', text: fmt(v.load_after_kg, 0) })]));
    });
    t.appendChild(tb);
    box.appendChild(t);
    box.hidden = false;
    box.scrollTop = 0;
  }

  /* Select route i (-1: none): the row, the visits, the line drawn on top
   * and wider with the others faded, and its stops numbered on the map. */
  function select(i, fromMap) {
    page.selected = i;
    Array.prototype.forEach.call(document.querySelectorAll('#routes tbody tr'),
      function (tr) {
        var on = Number(tr.getAttribute('data-route')) === i;
        tr.className = on ? 'sel' : '';
        if (on && fromMap) tr.scrollIntoView({ block: 'nearest' });
      });
    detail(i);
    if (i >= 0) showTab('routes');
    if (!map) return;
    stopLayer.clearLayers();
    routeLines.forEach(function (l, k) {
      l.setStyle(i < 0 ? ROUTE_STYLE
        : k === i ? { weight: 6, opacity: 1 } : { weight: 1.2, opacity: 0.2 });
    });
    transferLines.forEach(function (l) { l.setStyle({ opacity: i < 0 ? 0.7 : 0.2 }); });
    if (i < 0) return;
    routeLines[i].bringToFront();
    var r = routes[i], g = geo.routes[i], few = r.visits.length <= 60;
    r.visits.forEach(function (v, k) {
      if (v.kind === 'break') return;
      var p = [g.visits[k][0], g.visits[k][1]];
      var m = L.circleMarker(p, {
        radius: v.kind === 'stop' ? 5 : 7, color: '#1d3b5f', weight: 2,
        fillColor: v.kind === 'stop' ? '#ffffff' : v.kind === 'unload' ? '#ffb000' : '#1d3b5f',
        fillOpacity: 1, renderer: canvas
      }).bindTooltip('#' + k + ' ' + esc(v.kind) + ' · ' + esc(g.visits[k][2]) +
                     ' · ' + hm(v.arrival_s) + '–' + hm(v.depart_s) +
                     (v.kind === 'stop' ? ' · ' + fmt(v.amount_kg, 0) + ' kg' : ''));
      m.addTo(stopLayer);
      if (few && v.kind === 'stop')
        L.marker(p, { interactive: false, keyboard: false,
                      icon: L.divIcon({ className: 'seq-label', html: '<span>' + k + '</span>',
                                        iconSize: null }) }).addTo(stopLayer);
    });
    if (!fromMap) fitPadded(routeLines[i].getBounds().pad(0.05), 15);
  }

  /* ----------------------------------------------------------- unserved */

  function unservedTab() {
    var box = document.getElementById('tab-unserved');
    var list = plan.unserved;
    var pad = el('div', { cls: 'pad' });
    box.appendChild(pad);
    if (!list.length) {
      pad.appendChild(el('p', { cls: 'note', text: 'Every due stop is served.' }));
      return;
    }
    pad.appendChild(el('p', { cls: 'note', text: list.length +
      ' demands left unserved, with the reason; click one to find it on the map.' }));
    var t = el('table', { cls: 'unserved' });
    t.appendChild(el('thead', {}, [el('tr', {}, [
      el('th', { text: 'Site' }), el('th', { text: 'Stream' }),
      el('th', { cls: 'n', text: 'Day' }), el('th', { cls: 'n', text: 'kg' }),
      el('th', { text: 'Reason' })])]));
    list.forEach(function (u, i) {
      var name = geo ? geo.unserved[i].name : u.site;
      var tb = el('tbody');
      var tr = el('tr', {}, [
        el('td', { title: u.site, text: name }),
        el('td', {}, [swatch(u.stream), u.stream]),
        el('td', { cls: 'n', text: String(u.day) }),
        el('td', { cls: 'n', text: fmt(u.amount_kg, 0) }),
        el('td', { text: u.reason })]);
      tb.appendChild(tr);
      tb.appendChild(el('tr', {}, [el('td', { cls: 'detail', colspan: '5',
                                               text: u.detail || '' })]));
      tb.addEventListener('click', function () {
        var hit = unservedMarkers.filter(function (x) { return x.u === u; })[0];
        if (map && hit) {
          map.setView(hit.m.getLatLng(), Math.max(map.getZoom(), 14));
          hit.m.openPopup();
        }
      });
      t.appendChild(tb);
    });
    pad.appendChild(t);
  }

  /* --------------------------------------------------------- indicators */

  function indicatorsTab() {
    var box = document.getElementById('tab-indicators');
    var pad = el('div', { cls: 'pad' });
    box.appendChild(pad);
    var ind = plan.indicators;
    if (!ind) {
      pad.appendChild(el('p', { cls: 'note', text: 'The indicators of this plan were not computed.' }));
      return;
    }
    pad.appendChild(el('p', { cls: 'note', text:
      'Annex indicators (重庆市垃圾分类治理工作主要指标) implied by this plan, held ' +
      'against the targets of ' + ind.year + '. * binding (约束性). ' +
      (ind.binding_unmet ? ind.binding_unmet + ' binding indicator(s) NOT met.'
                         : 'Every binding indicator with a value is met.') }));
    var t = el('table', { cls: 'indicators' });
    t.appendChild(el('thead', {}, [el('tr', {}, [
      el('th', { text: '#' }), el('th', { text: 'Indicator' }),
      el('th', { cls: 'n', text: 'Value %' }), el('th', { cls: 'n', text: 'Target' }),
      el('th', { text: 'Status' })])]));
    var tb = el('tbody');
    ind.indicators.forEach(function (l) {
      var st = l.status === 'met' ? 'met' : l.status === 'not_met' ? 'NOT met'
        : l.status === 'no_target' ? 'no target' : 'n/a' + (l.reason ? ' (' + l.reason + ')' : '');
      tb.appendChild(el('tr', {}, [
        el('td', { text: l.key + (l.binding ? ' *' : '') }),
        el('td', { cls: 'name', text: l.name_zh + ' · ' + l.name_en }),
        el('td', { cls: 'n', text: l.value_pct === null ? 'n/a' : fmt(l.value_pct, 2) }),
        el('td', { cls: 'n', text: l.target ? l.target.cmp + ' ' + l.target.pct : '–' }),
        el('td', { cls: l.status, text: st })]));
    });
    t.appendChild(tb);
    pad.appendChild(t);
    if (plan.binding && plan.binding.length) {
      pad.appendChild(el('p', { cls: 'note', text: 'Binding in this plan:' }));
      var ul = el('ul');
      plan.binding.forEach(function (b) { ul.appendChild(el('li', { text: b })); });
      pad.appendChild(ul);
    }
  }

  /* ------------------------------------------------------------- whatif */

  /* A row of the comparison: value of variant v, and which way is better
   * (-1: lower, 1: higher, 0: neither). */
  var WHATIF_ROWS = [
    ['cost', 'cost (CNY)', 0, -1], ['distance_km', 'distance (km)', 1, -1],
    ['duration_h', 'vehicle-hours', 1, -1], ['vehicles_used', 'vehicles', 0, -1],
    ['routes', 'routes', 0, 0], ['served_t', 'served (t)', 2, 1],
    ['unserved_t', 'unserved (t)', 2, -1], ['unserved_stops', 'unserved stops', 0, -1]
  ];

  function whatifTab() {
    var box = document.getElementById('tab-whatif');
    var pad = el('div', { cls: 'pad' });
    box.appendChild(pad);
    var vs = D.whatif.variants;
    if (!Array.isArray(vs) || !vs.length) {
      pad.appendChild(el('pre', { text: JSON.stringify(D.whatif, null, 2) }));
      return;
    }
    var siting = !!vs[0].siting;
    pad.appendChild(el('p', { cls: 'note', text: siting
      ? 'What-if comparison: the base and each variant re-sited by the network ' +
        'model (figures per day); below each value its difference from the base. ' +
        'The map shows the base scenario.'
      : 'What-if comparison: the base and each variant planned with the same seed ' +
        'and limits; below each value its difference from the base. The map shows ' +
        'the base plan.' }));
    var rows = [];
    WHATIF_ROWS.forEach(function (w) {
      rows.push({ label: w[1], d: w[2], better: w[3], get: function (v) {
        return v.summary ? v.summary[w[0]] : null; } });
    });
    var site = vs[0].siting ? Object.keys(vs[0].siting) : [];
    site.forEach(function (k) {
      rows.push({ label: k, d: /\(t\/d\)|%/.test(k) ? 2 : 0,
                  better: /cost|unserved|landfill|short|penalty/.test(k) ? -1 : 0,
                  get: function (v) { return v.siting ? v.siting[k] : null; } });
    });
    var base = vs[0].indicators && vs[0].indicators.indicators;
    (base || []).forEach(function (l, k) {
      rows.push({ label: l.key + ' ' + l.name_zh + ' (%)', d: 2, better: 1, ind: true,
                  get: function (v) {
                    var x = v.indicators && v.indicators.indicators[k];
                    return x ? x.value_pct : null; },
                  status: function (v) {
                    var x = v.indicators && v.indicators.indicators[k];
                    return x ? x.status : ''; } });
    });
    var t = el('table', { cls: 'whatif' });
    t.appendChild(el('thead', {}, [el('tr', {}, [el('th', { text: '' })].concat(
      vs.map(function (v) { return el('th', { cls: 'n', text: v.label }); })))]));
    var tb = el('tbody');
    rows.forEach(function (row) {
      var b = row.get(vs[0]);
      if (vs.every(function (v) { var x = row.get(v); return x === null || x === undefined; }))
        return;
      var tr = el('tr', {}, [el('td', { text: row.label })]);
      vs.forEach(function (v, k) {
        var x = row.get(v), cls = 'n', sub = '';
        if (k > 0 && x !== null && x !== undefined && b !== null && b !== undefined) {
          var dlt = x - b;
          if (Math.abs(dlt) > Math.pow(10, -row.d) / 2) {
            sub = (dlt > 0 ? '+' : '') + fmt(dlt, row.d);
            if (row.better) cls += dlt * row.better > 0 ? ' better' : ' worse';
          }
        }
        var st = row.status ? row.status(v) : '';
        var td = el('td', { cls: cls, text: x === null || x === undefined ? '–'
          : fmt(x, row.d) + (st === 'met' ? ' met' : st === 'not_met' ? ' NOT met' : '') });
        if (sub) { td.appendChild(el('br')); td.appendChild(el('span', { cls: 'd', text: sub })); }
        tr.appendChild(td);
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb);
    pad.appendChild(t);
  }

  /* --------------------------------------------------------------- main */

  header();
  if (plan) {
    addTab('routes', 'Routes (' + routes.length + ')');
    addTab('unserved', 'Unserved (' + plan.unserved.length + ')');
    addTab('indicators', 'Indicators');
  }
  if (D.whatif) addTab('whatif', 'What-if');
  buildMap();
  if (plan) {
    routeHead();
    fillRoutes();
    unservedTab();
    indicatorsTab();
  } else if (!D.whatif) {
    document.getElementById('route-count').textContent =
      D.scenario ? 'No plan in this page: the scenario\'s districts, sites and facilities.'
                 : 'Nothing to show yet.';
  }
  if (D.whatif) whatifTab();
  showTab(plan ? 'routes' : D.whatif ? 'whatif' : 'routes');
  fitOverview();
  page.ready = true;
  document.body.setAttribute('data-ready', '1');
})();
