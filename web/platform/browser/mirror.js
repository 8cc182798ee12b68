// The semantic mirror, placed inside sesame.js (emcc --pre-js) after glue.js.
// Every node the widget kit records (web/ui/bridge.h) gets one real DOM element,
// laid over the canvas at the node's place and transparent to the eye (the whole
// layer has opacity 0; it is never display:none nor aria-hidden): headings,
// paragraphs, buttons, links, radios in fieldsets, checkboxes, alerts, and text
// fields that ARE the <input>s the parent types into. Screen readers, the keyboard,
// password managers and the phone's SMS autofill use these elements; what happens
// to them goes back to C++ (sesame_node_*), and the canvas draws the result.
// Elements are made when a screen opens, patched where something changed, removed
// when gone. The document scrolls over the page's height; the canvas follows.
var SesameMirror = {
  root: null,
  header: null,
  form: null,
  footer: null,
  entries: {},     // test id -> { node, box, el, cache }
  route: null,
  alerts: [],      // test ids of the error alerts shown at the last sync
  statuses: [],    // test ids of the status alerts shown at the last sync
  submits: 0,      // the screen's main button's presses, as the app counts them
  awaiting: false, // pressed: the next result (errors, or a new screen) gets the focus
  movedOn: false,   // since the press, the person typed or moved the focus: leave it where it is
  busy: false,     // a button of the last sync waits for its answer
  nodes: [],       // the last sync's nodes
  legendOf: {},    // group test id -> the test id of the heading that names it

  // Nodes that live outside the screen's form.
  HEADER_IDS: ['entete'],
  FOOTER_IDS: ['lien.accessibilite'],

  install: function () {
    var root = document.createElement('div');
    root.id = 'sesame-semantics';
    var header = document.createElement('header');
    var main = document.createElement('main');
    var form = document.createElement('form');
    form.id = 'sesame-form';
    form.noValidate = true;  // the app checks with the shared rules and says why in French
    form.setAttribute('autocomplete', 'on');
    main.appendChild(form);
    var footer = document.createElement('footer');
    root.appendChild(header);
    root.appendChild(main);
    root.appendChild(footer);
    document.body.insertBefore(root, document.body.firstChild);
    SesameMirror.root = root;
    SesameMirror.header = header;
    SesameMirror.form = form;
    SesameMirror.footer = footer;

    var nodeOf = function (target) {
      return target && target.closest ? target.closest('[data-node]') : null;
    };
    // Buttons and links: a click from the mouse on the element, a screen reader's
    // action, Enter or Space. The screen's submit button is pressed by the form's submit.
    root.addEventListener('click', function (e) {
      var el = nodeOf(e.target);
      if (!el) return;
      if (el.tagName === 'A' || (el.tagName === 'BUTTON' && el.type !== 'submit')) {
        e.preventDefault();
        SesameMirror.activate(el.dataset.node);
      }
    });
    // Radios and checkboxes: a click, Space, or the arrows within a group.
    root.addEventListener('change', function (e) {
      var el = e.target;
      if (el.tagName === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox')) {
        SesameMirror.activate(el.dataset.node);
      }
    });
    // Enter in a field, or the submit button: the screen's main action.
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var button = e.submitter || form.querySelector('button[type=submit]');
      if (button && button.dataset.node) SesameMirror.activate(button.dataset.node);
    });
    // Typing, paste, autofill, dictation, composition: the value reaches the app at once.
    root.addEventListener('input', function (e) {
      if (SesameMirror.awaiting) SesameMirror.movedOn = true;
      if (SesameMirror.isText(e.target)) SesameMirror.reportText(e.target, true);
    });
    root.addEventListener('compositionstart', function (e) {
      if (SesameMirror.isText(e.target)) e.target.dataset.composing = '1';
    });
    root.addEventListener('compositionend', function (e) {
      if (!SesameMirror.isText(e.target)) return;
      delete e.target.dataset.composing;
      SesameMirror.reportText(e.target, true);
    });
    document.addEventListener('selectionchange', function () {
      var el = document.activeElement;
      if (SesameMirror.isText(el)) SesameMirror.reportText(el, false);
    });
    root.addEventListener('select', function (e) {
      if (SesameMirror.isText(e.target)) SesameMirror.reportText(e.target, false);
    });
    // The DOM's focus is the truth: the canvas draws the ring where it is.
    root.addEventListener('focusin', function (e) {
      var el = nodeOf(e.target);
      if (!el) return;
      if (SesameMirror.awaiting) SesameMirror.movedOn = true;  // refused() clears awaiting first
      var visible = false;
      try { visible = el.matches(':focus-visible'); } catch (error) { visible = true; }
      SesameBrowser.withString(el.dataset.node, function (id) { _sesame_node_focused(id, visible ? 1 : 0); });
      if (SesameMirror.isText(el)) SesameMirror.reportText(el, false);
    });
    root.addEventListener('focusout', function (e) {
      if (e.relatedTarget && root.contains(e.relatedTarget)) return;
      SesameBrowser.withString('', function (id) { _sesame_node_focused(id, 0); });
    });
    window.addEventListener('scroll', function () {
      _sesame_page_scrolled(window.scrollY || 0);
    }, { passive: true });
    // A press on the canvas moves the focus to what is under the pointer, as a click
    // on a real button would (the next Tab goes on from there), or out of the page's fields.
    var canvas = Module['canvas'];
    canvas.addEventListener('mousedown', function (e) {
      e.preventDefault();  // the canvas itself takes no focus
      var entry = SesameMirror.focusableAt(e.clientX, e.clientY);
      if (entry) {
        entry.el.focus({ preventScroll: true });
      } else if (root.contains(document.activeElement)) {
        document.activeElement.blur();
      }
    }, true);
  },

  // The canvas's own font for the inputs' layout, from the bytes the client already has
  // (a CSS url() would download the file a second time).
  useFont: function (buffer) {
    if (typeof FontFace === 'undefined' || !document.fonts) return;
    var face = new FontFace('Sésame DejaVu', buffer);
    face.load().then(function (loaded) { document.fonts.add(loaded); }).catch(function () {
      /* the inputs keep the system's DejaVu Sans or a near font */
    });
  },

  isText: function (el) {
    return !!el && el.tagName === 'INPUT' && el.type !== 'radio' && el.type !== 'checkbox' &&
      !!el.dataset.node && SesameMirror.root.contains(el);
  },

  activate: function (id) {
    SesameBrowser.withString(id, _sesame_node_activated);
  },

  // The input's value (when edited) and selection, as UTF-8 byte offsets for C++.
  reportText: function (el, edited) {
    var value = el.value;
    var bytes = function (index) {
      return lengthBytesUTF8(value.slice(0, index === null || index === undefined ? value.length : index));
    };
    var start = bytes(el.selectionStart);
    var end = bytes(el.selectionEnd);
    var scrollX = el.scrollLeft || 0;
    SesameBrowser.withString(el.dataset.node, function (id) {
      if (edited) {
        SesameBrowser.withString(value, function (text) { _sesame_node_edited(id, text, start, end, scrollX); });
      } else {
        _sesame_node_selected(id, start, end, scrollX);
      }
    });
  },

  focusableAt: function (x, y) {
    var found = null;
    var top = y + (window.scrollY || 0);
    Object.keys(SesameMirror.entries).forEach(function (id) {
      var entry = SesameMirror.entries[id];
      var r = entry.rect;
      if (!entry.focusable || !r) return;
      if (x >= r.x && x < r.x + r.width && top >= r.y && top < r.y + r.height) found = entry;
    });
    return found;
  },

  // Says `text` through the live region (emptied first, so a repeated message is said again).
  announce: function (regionId, text) {
    var region = document.getElementById(regionId);
    if (!region || !text) return;
    region.textContent = '';
    setTimeout(function () { region.textContent = text; }, 50);
  },

  // ---------------------------------------------------------------------------
  // Elements per role.

  create: function (n) {
    var entry = { role: n.role, level: n.level || 0, cache: {}, focusable: false, box: null, el: null };
    var el;
    switch (n.role) {
      case 'heading':
        el = document.createElement('h' + Math.min(Math.max(n.level || 2, 1), 6));
        if (n.level === 1) el.tabIndex = -1;  // the focus goes there when a screen opens
        entry.box = el;
        break;
      case 'paragraph':
        el = entry.box = document.createElement('p');
        break;
      case 'listitem':
        el = entry.box = document.createElement('li');
        break;
      case 'list':
        el = entry.box = document.createElement('ul');
        break;
      case 'alert':
      case 'status':
        el = entry.box = document.createElement('div');
        el.setAttribute('role', n.role);
        break;
      case 'img':  // a picture the canvas draws (a QR code): named, never focusable
        el = entry.box = document.createElement('div');
        el.setAttribute('role', 'img');
        break;
      case 'button':
        el = entry.box = document.createElement('button');
        el.type = 'button';
        entry.focusable = true;
        break;
      case 'link':
        el = entry.box = document.createElement('a');
        entry.focusable = true;
        break;
      case 'radio':
      case 'checkbox':
        entry.box = document.createElement('label');
        el = document.createElement('input');
        el.type = n.role;
        entry.text = document.createElement('span');
        entry.box.appendChild(el);
        entry.box.appendChild(entry.text);
        entry.focusable = true;
        break;
      case 'textbox':
        entry.box = document.createElement('div');
        entry.box.className = 'champ';
        entry.label = document.createElement('label');
        el = document.createElement('input');
        el.spellcheck = false;
        entry.box.appendChild(entry.label);
        entry.box.appendChild(el);
        break;
      case 'group':
        el = entry.box = document.createElement('fieldset');
        entry.legend = document.createElement('legend');
        el.appendChild(entry.legend);
        break;
      default:
        return null;
    }
    el.dataset.node = n.id;
    el.id = 'n-' + n.id;
    entry.el = el;
    return entry;
  },

  set: function (entry, el, key, name, value) {
    if (entry.cache[key] === value) return;
    entry.cache[key] = value;
    if (value === null || value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? 'true' : value);
  },

  place: function (entry, el, key, x, y, w, h) {
    var css = 'left:' + x + 'px;top:' + y + 'px;width:' + Math.max(w, 1) + 'px;height:' + Math.max(h, 1) + 'px';
    if (entry.cache[key] === css) return;
    entry.cache[key] = css;
    el.style.cssText = css;
  },

  text: function (entry, el, key, text) {
    if (entry.cache[key] === text) return;
    entry.cache[key] = text;
    el.textContent = text;
  },

  patch: function (entry, n, scroll, submit) {
    var el = entry.el;
    var y = n.y + scroll;
    entry.rect = { x: n.x, y: y, width: n.width, height: n.height };
    var S = SesameMirror;
    switch (n.role) {
      case 'heading':
      case 'paragraph':
      case 'listitem':
      case 'alert':
      case 'status':
        S.text(entry, el, 'text', n.label);
        S.place(entry, el, 'box', n.x, y, n.width, n.height);
        break;
      case 'img':
        S.set(entry, el, 'label', 'aria-label', n.label);
        S.place(entry, el, 'box', n.x, y, n.width, n.height);
        break;
      case 'button':
        S.text(entry, el, 'text', n.label);
        if (entry.cache.type !== (submit ? 'submit' : 'button')) {
          entry.cache.type = submit ? 'submit' : 'button';
          el.type = entry.cache.type;
        }
        // Disabled and busy buttons stay focusable and readable: aria-disabled, never disabled.
        S.set(entry, el, 'disabled', 'aria-disabled', !n.enabled);
        S.set(entry, el, 'busy', 'aria-busy', !!n.busy);
        S.place(entry, el, 'box', n.x, y, n.width, n.height);
        break;
      case 'link':
        S.text(entry, el, 'text', n.label);
        S.set(entry, el, 'href', 'href', n.href || '#');
        S.place(entry, el, 'box', n.x, y, n.width, n.height);
        break;
      case 'radio':
      case 'checkbox':
        S.text(entry, entry.text, 'text', n.label);
        if (n.role === 'radio') S.set(entry, el, 'name', 'name', n.group || n.id);
        if (el.checked !== !!n.checked) el.checked = !!n.checked;
        S.set(entry, el, 'disabled', 'aria-disabled', !n.enabled);
        S.place(entry, entry.box, 'box', n.x, y, n.width, n.height);
        break;
      case 'textbox': {
        var type = n.masked ? 'password' : n.inputmode === 'tel' ? 'tel' : n.inputmode === 'email' ? 'email' : 'text';
        if (el.type !== type) el.type = type;
        S.set(entry, el, 'name', 'name', n.autocomplete && n.autocomplete !== 'off' ? n.autocomplete : n.id);
        S.set(entry, el, 'autocomplete', 'autocomplete', n.autocomplete || 'off');
        S.set(entry, el, 'inputmode', 'inputmode', n.inputmode && n.inputmode !== 'email' ? n.inputmode : null);
        S.set(entry, el, 'autocapitalize', 'autocapitalize',
              n.autocomplete === 'family-name' || n.autocomplete === 'given-name' ? 'words' : 'off');
        S.set(entry, el, 'required', 'aria-required', !!n.required);
        S.set(entry, el, 'invalid', 'aria-invalid', n.invalid ? 'true' : 'false');
        S.set(entry, el, 'describedby', 'aria-describedby',
              (n.describedby || []).map(function (id) { return 'n-' + id; }).join(' ') || null);
        if (el.readOnly !== !n.enabled) el.readOnly = !n.enabled;
        S.set(entry, entry.label, 'for', 'for', el.id);
        S.text(entry, entry.label, 'label', n.label);
        // One value: the app's. It differs only when the app changed it (a code cleared
        // after a refusal, a limit) — never while the parent composes with an IME.
        if (el.value !== n.value && !el.dataset.composing) el.value = n.value;
        var lb = n.labelbox || [n.x, n.y, n.width, 0];
        S.place(entry, entry.label, 'label-box', lb[0], lb[1] + scroll, lb[2], lb[3]);
        S.place(entry, el, 'box', n.x, y, n.width, n.height);
        break;
      }
      case 'list':
        S.set(entry, el, 'label', 'aria-label', n.label);
        break;
      case 'group':
        // Named by its first heading (moved into the legend by sync), or by its label.
        if (!S.legendOf[n.id]) S.text(entry, entry.legend, 'legend', n.label);
        else if (entry.legend.firstChild && entry.legend.firstChild.nodeType === 3) {
          entry.legend.removeChild(entry.legend.firstChild);
          entry.cache.legend = null;
        }
        break;
    }
  },

  // The frame's semantics, as JSON from bridge::to_json.
  sync: function (json) {
    var S = SesameMirror;
    var page = JSON.parse(json);
    var nodes = page.widgets.filter(function (n) { return n.id && n.role; });
    var scroll = page.scroll || 0;
    S.root.style.height = Math.ceil(page.height || 0) + 'px';

    // Each group's first heading is its legend.
    var legendOf = {};
    nodes.forEach(function (n) {
      if (n.role === 'heading' && n.group && !legendOf[n.group]) legendOf[n.group] = n.id;
    });
    S.legendOf = legendOf;

    var seen = {};
    var cursor = new Map();  // parent element -> index of its next child
    var firstPrimary = null;
    nodes.forEach(function (n) {
      if (n.role === 'button' && n.primary && !firstPrimary) firstPrimary = n.id;
    });
    nodes.forEach(function (n) {
      var entry = S.entries[n.id];
      if (entry && (entry.role !== n.role || entry.level !== (n.level || 0))) {
        entry.box.remove();
        entry = null;
      }
      if (!entry) {
        entry = S.create(n);
        if (!entry) return;
        S.entries[n.id] = entry;
      }
      seen[n.id] = true;
      var parent = S.form;
      var start = 0;
      if (S.HEADER_IDS.indexOf(n.id) >= 0) {
        parent = S.header;
      } else if (S.FOOTER_IDS.indexOf(n.id) >= 0) {
        parent = S.footer;
      } else if (n.group && S.entries[n.group] && S.entries[n.group].role === 'list') {
        parent = S.entries[n.group].el;
      } else if (n.group && S.entries[n.group] && S.entries[n.group].role === 'group') {
        var group = S.entries[n.group];
        if (legendOf[n.group] === n.id) {
          parent = group.legend;
        } else {
          parent = group.el;
          start = 1;  // after the legend
        }
      }
      var index = cursor.has(parent) ? cursor.get(parent) : start;
      if (parent.children[index] !== entry.box) parent.insertBefore(entry.box, parent.children[index] || null);
      cursor.set(parent, index + 1);
      S.patch(entry, n, scroll, n.id === firstPrimary);
    });
    Object.keys(S.entries).forEach(function (id) {
      if (seen[id]) return;
      S.entries[id].box.remove();
      delete S.entries[id];
    });

    S.afterSync(page, nodes);
  },

  // A new screen: its title, the top of the page, the focus on its heading. A refused
  // submit: the focus on the first field in error, its error said.
  afterSync: function (page, nodes) {
    var S = SesameMirror;
    var heading = nodes.find(function (n) { return n.role === 'heading' && n.level === 1; });
    var step = nodes.find(function (n) { return n.id === 'etape'; });
    var title = [heading ? heading.label : null, step ? step.label : null, 'Sésame']
      .filter(function (part) { return part; }).join(' – ');
    if (document.title !== title) document.title = title;

    var alerts = nodes.filter(function (n) { return n.role === 'alert'; }).map(function (n) { return n.id; });
    var statuses = nodes.filter(function (n) { return n.role === 'status'; }).map(function (n) { return n.id; });
    var labelOf = function (id) {
      var n = nodes.find(function (m) { return m.id === id; });
      return n ? n.label : '';
    };

    var pressed = (page.submits || 0) !== S.submits;
    S.submits = page.submits || 0;
    if (page.route !== S.route) {
      var first = S.route === null;
      S.route = page.route;
      S.awaiting = false;
      if (!first) window.scrollTo(0, 0);
      // What was said belongs to the screen that is gone.
      ['sesame-annonces', 'sesame-statut'].forEach(function (id) {
        var region = document.getElementById(id);
        if (region) region.textContent = '';
      });
      var h1 = heading && S.entries[heading.id];
      if (h1) h1.el.focus({ preventScroll: true });
    } else {
      var newAlerts = alerts.filter(function (id) { return S.alerts.indexOf(id) < 0; });
      var busy = nodes.some(function (n) { return n.busy; });
      if (pressed) {
        // The press's own frame shows nothing yet: the answer comes with the next ones — or
        // with none, when it shows the same errors again (no change, no sync).
        S.awaiting = true;
        S.movedOn = false;
        var seen = S.submits;
        setTimeout(function () {
          if (S.awaiting && S.submits === seen && S.route === page.route && !S.busy) S.refused(S.nodes);
        }, 200);
      } else if (S.awaiting && !busy) {
        S.refused(nodes);
      } else if (newAlerts.length > 0 && !S.awaiting) {
        S.announce('sesame-annonces', labelOf(newAlerts[0]));
      }
      var newStatuses = statuses.filter(function (id) { return S.statuses.indexOf(id) < 0; });
      if (newStatuses.length > 0) S.announce('sesame-statut', labelOf(newStatuses[0]));
    }
    S.alerts = alerts;
    S.statuses = statuses;
    S.busy = nodes.some(function (n) { return n.busy; });
    S.nodes = nodes;
  },

  // The main button's press was refused (by the shared rules or the server), once more or
  // for the first time: the focus on the first field in error, its error said.
  refused: function (nodes) {
    var S = SesameMirror;
    S.awaiting = false;
    var label = function (id) {
      var n = nodes.find(function (m) { return m.id === id; });
      return n ? n.label : '';
    };
    var field = nodes.find(function (n) { return n.role === 'textbox' && n.invalid; });
    var alert = nodes.find(function (n) { return n.role === 'alert'; });
    if (field) {
      // Not when the person already went on (a field typed in, another focused while the
      // answer was on its way): the focus would jump and their typing land in the wrong field.
      var target = S.entries[field.id];
      if (target && document.activeElement !== target.el && !S.movedOn) {
        target.el.focus();
      }
      S.announce('sesame-annonces', label(field.id + '.erreur') || (alert ? alert.label : ''));
    } else if (alert) {
      S.announce('sesame-annonces', alert.label);
    }
  }
};
