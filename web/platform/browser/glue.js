// Sésame's browser glue, placed inside sesame.js (emcc --pre-js). It holds what
// C++ cannot do itself: DOM listeners, fetch, localStorage, the clipboard and the
// hidden text input. C++ calls SesameBrowser.* through EM_JS (browser_js.cpp);
// the listeners call back the exported _sesame_* functions.
var SesameBrowser = {
  textAgent: null,
  modifierHeld: false,
  lastTouchEnd: -1e9,
  wakeTimer: null,
  wakeDue: 0,

  // A JavaScript string handed to C++ for the duration of one call.
  withString: function (text, fn) {
    var size = lengthBytesUTF8(text) + 1;
    var ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    try {
      return fn(ptr);
    } finally {
      _free(ptr);
    }
  },
  // A string C++ will own and free().
  newString: function (text) {
    if (text === null || text === undefined) return 0;
    var size = lengthBytesUTF8(text) + 1;
    var ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    return ptr;
  },

  // Must run before glfwInit(): capture listeners on the same target run in the
  // order they were added, and these must see events before GLFW's.
  installBeforeGlfw: function () {
    var canvas = Module['canvas'];
    var agent = SesameBrowser.createTextAgent();
    var wake = function () { _sesame_wake(3); };

    // Characters typed into the text agent arrive through its `input` event; GLFW
    // must not receive their keypress as well, or ASCII would be typed twice.
    window.addEventListener('keypress', function (e) {
      if (e.target === agent) e.stopImmediatePropagation();
    }, true);
    var trackModifiers = function (e) { SesameBrowser.modifierHeld = e.ctrlKey || e.metaKey; };
    window.addEventListener('keydown', trackModifiers, true);
    window.addEventListener('keyup', trackModifiers, true);

    // GLFW turns touches into presses at stale positions. Touches stop here: a tap
    // reaches GLFW as the browser's compatibility mouse events, a drag scrolls the page.
    var touchY = null;
    window.addEventListener('touchstart', function (e) {
      if (e.target !== canvas) return;
      e.stopPropagation();
      touchY = e.touches.length === 1 ? e.touches[0].clientY : null;
      wake();
    }, { capture: true, passive: true });
    window.addEventListener('touchmove', function (e) {
      if (e.target !== canvas) return;
      e.stopPropagation();
      if (e.cancelable) e.preventDefault();
      if (touchY === null || e.touches.length !== 1) return;
      var y = e.touches[0].clientY;
      _sesame_touch_scroll(touchY - y);
      touchY = y;
    }, { capture: true, passive: false });
    var touchEnd = function (e) {
      if (e.target !== canvas) return;
      e.stopPropagation();
      touchY = null;
      SesameBrowser.lastTouchEnd = performance.now();
      // iOS opens the keyboard only for a focus() inside the touch gesture: if the
      // finger lifted on a text field of the last frame, focus the agent now.
      var t = e.changedTouches && e.changedTouches[0];
      if (t && SesameBrowser.inputAt(t.clientX, t.clientY)) agent.focus({ preventScroll: true });
      wake();
    };
    window.addEventListener('touchend', touchEnd, true);
    window.addEventListener('touchcancel', touchEnd, true);
    // After a tap, forget where the finger was, or the tapped widget would stay "hovered".
    window.addEventListener('mouseup', function () {
      if (performance.now() - SesameBrowser.lastTouchEnd > 1000) return;
      setTimeout(function () {
        if (typeof Browser !== 'undefined') Browser.mouseX = Browser.mouseY = -1e5;
        _sesame_pointer_gone();
      }, 0);
    }, true);

    // Anything the parent does, and anything that changes the page's size, wakes the loop.
    ['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'focus', 'blur', 'resize', 'pageshow']
      .forEach(function (type) { window.addEventListener(type, wake, true); });
    document.addEventListener('visibilitychange', wake);
    if (window.visualViewport) window.visualViewport.addEventListener('resize', wake);
    SesameBrowser.watchPixelRatio();

    document.addEventListener('paste', function (e) {
      var text = (e.clipboardData || window.clipboardData).getData('text') || '';
      SesameBrowser.withString(text, _sesame_clipboard_update);
      if (e.target === agent) {
        // Ctrl+V reaches ImGui as keys and pastes the copy just updated; a paste
        // from a phone's menu has no keys: type the text instead.
        e.preventDefault();
        if (!SesameBrowser.modifierHeld) SesameBrowser.withString(text, _sesame_text_input);
      }
      wake();
    });

    window.addEventListener('hashchange', function () {
      SesameBrowser.withString(location.hash, _sesame_route_changed);
    });
  },

  // A zoom or a move to another screen changes devicePixelRatio, sometimes without a resize.
  watchPixelRatio: function () {
    if (!window.matchMedia) return;
    var query = window.matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
    var changed = function () {
      query.removeEventListener('change', changed);
      _sesame_wake(3);
      SesameBrowser.watchPixelRatio();
    };
    query.addEventListener('change', changed);
  },

  // The hidden <input> that brings phone keyboards, accents, IME and paste.
  createTextAgent: function () {
    var agent = document.createElement('input');
    agent.id = 'sesame-text-agent';
    agent.type = 'text';
    agent.autocomplete = 'off';
    agent.spellcheck = false;
    agent.tabIndex = -1;
    agent.setAttribute('autocapitalize', 'off');
    agent.setAttribute('aria-hidden', 'true');
    // 16px: iOS zooms into fields with smaller text.
    agent.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0;' +
      'font-size:16px;border:0;padding:0;margin:0;pointer-events:none;';
    document.body.appendChild(agent);
    var composing = false;
    var send = function (text) {
      if (text) SesameBrowser.withString(text, _sesame_text_input);
    };
    agent.addEventListener('compositionstart', function () { composing = true; });
    agent.addEventListener('compositionend', function (e) {
      composing = false;
      send(e.data);
      agent.value = '';
    });
    agent.addEventListener('input', function (e) {
      if (composing || e.isComposing) return;
      send(agent.value);
      agent.value = '';
    });
    SesameBrowser.textAgent = agent;
    return agent;
  },

  // Called after each frame with ImGui's wish for text input and the field's place.
  syncTextAgent: function (active, x, y, w, h, inputmode, autocomplete, secret) {
    var agent = SesameBrowser.textAgent;
    if (!agent) return;
    if (active) {
      // Over the field, so the phone scrolls it into view and IME windows open beside it.
      agent.style.left = x + 'px';
      agent.style.top = y + 'px';
      agent.style.width = Math.max(1, w) + 'px';
      agent.style.height = Math.max(1, h) + 'px';
      agent.setAttribute('inputmode', inputmode || 'text');
      agent.setAttribute('autocomplete', autocomplete || 'off');
      // A password field: the phone's keyboard must not learn it, suggest it or correct it.
      var type = secret ? 'password' : (inputmode === 'email' ? 'email' : 'text');
      if (agent.type !== type) agent.type = type;
      agent.setAttribute('autocorrect', 'off');
      if (document.activeElement !== agent) agent.focus({ preventScroll: true });
    } else if (document.activeElement === agent) {
      agent.blur();
    }
  },

  inputAt: function (x, y) {
    if (!window.sesameBridge) return false;
    return window.sesameBridge.widgets().some(function (w) {
      return w.kind === 'input' && x >= w.x && x < w.x + w.width && y >= w.y && y < w.y + w.height;
    });
  },

  setClipboard: function (text) {
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function () {});
  },

  httpSend: function (id, method, url, body) {
    var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    if (body) {
      init.body = body;
      init.headers['Content-Type'] = 'application/json';
    }
    var timer = null;
    if (typeof AbortController !== 'undefined') {
      var controller = new AbortController();
      init.signal = controller.signal;
      timer = setTimeout(function () { controller.abort(); }, 20000);
    }
    fetch(url, init).then(function (response) {
      return response.arrayBuffer().then(function (buffer) { SesameBrowser.httpDone(id, response.status, buffer); });
    }).catch(function () {
      SesameBrowser.httpDone(id, 0, null);
    }).then(function () {
      if (timer) clearTimeout(timer);
    });
  },
  httpDone: function (id, status, buffer) {
    var bytes = buffer ? new Uint8Array(buffer) : new Uint8Array(0);
    var ptr = _malloc(bytes.length || 1);
    HEAPU8.set(bytes, ptr);  // after _malloc: the heap may have grown
    try {
      _sesame_http_done(id, status, ptr, bytes.length);
    } finally {
      _free(ptr);
    }
  },

  storageGet: function (key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  },
  storageSet: function (key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: nothing remembered */ }
  },
  storageErase: function (key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing to forget */ }
  },

  routePush: function (route) {
    if (location.hash !== route) location.hash = route;
  },
  routeReplace: function (route) {
    history.replaceState(history.state, '', route);
  },

  // One timer at a time, the earliest asked: the caret's next blink or a countdown's next second.
  wakeIn: function (ms) {
    var due = performance.now() + ms;
    if (SesameBrowser.wakeTimer !== null) {
      if (SesameBrowser.wakeDue <= due) return;
      clearTimeout(SesameBrowser.wakeTimer);
    }
    SesameBrowser.wakeDue = due;
    SesameBrowser.wakeTimer = setTimeout(function () {
      SesameBrowser.wakeTimer = null;
      _sesame_wake(1);  // one frame, which asks for the next wake-up if it needs one
    }, ms);
  },

  // The canvas's backing store in device pixels. Not glfwSetWindowSize(): Emscripten's
  // GLFW takes a size equal to the screen's for a fullscreen request and ignores it
  // (a maximised window at 100 % zoom). GLFW follows this through its resize listener.
  setBackbufferSize: function (width, height) {
    Browser.setCanvasSize(width, height);
  },

  setCursor: function (name) {
    Module['canvas'].style.cursor = name;
  },

  // The page's own "Chargement…" message: removed at the first frame, or turned into the error.
  firstFrame: function () {
    // Navigation start to this mark is the time to the first frame (measured by the tests and the bench).
    if (window.performance && performance.mark) performance.mark('sesame-first-frame');
    var loading = document.getElementById('chargement');
    if (loading) loading.hidden = true;
  },
  fatal: function (message) {
    var loading = document.getElementById('chargement');
    if (!loading) return;
    loading.hidden = false;
    loading.className = 'erreur';
    loading.textContent = message;
  },

  // The test and accessibility bridge: what the last frame drew, in CSS pixels of the page.
  installBridge: function () {
    window.sesameBridge = {
      frame: function () { return _sesame_bridge_frame(); },
      state: function () {
        var state = JSON.parse(UTF8ToString(_sesame_bridge_json()));
        var box = Module['canvas'].getBoundingClientRect();
        state.widgets.forEach(function (w) { w.x += box.left; w.y += box.top; });
        return state;
      },
      widgets: function () { return this.state().widgets; },
      find: function (idOrLabel) {
        return this.widgets().find(function (w) { return w.id === idOrLabel || w.label === idOrLabel; }) || null;
      }
    };
  }
};
