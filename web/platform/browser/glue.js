// Sésame's browser glue, placed inside sesame.js (emcc --pre-js). It holds what
// C++ cannot do itself: DOM listeners, fetch, localStorage and the clipboard.
// The accessible DOM over the canvas is mirror.js's. C++ calls SesameBrowser.* through EM_JS (browser_js.cpp);
// the listeners call back the exported _sesame_* functions.
var SesameBrowser = {
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
    var wake = function () { _sesame_wake(3); };

    // The keyboard belongs to the DOM (mirror.js): Tab, Enter, Space, arrows and typing act
    // on the focused element, with the browser's own behaviour. GLFW never sees a key (it
    // would cancel Tab and Backspace for the whole page).
    ['keydown', 'keyup', 'keypress'].forEach(function (type) {
      window.addEventListener(type, function (e) { e.stopImmediatePropagation(); }, true);
    });

    // GLFW turns touches into presses at stale positions. Touches stop here: a tap
    // reaches GLFW as the browser's compatibility mouse events, a drag scrolls the
    // document natively, and the canvas follows. The wheel likewise scrolls the document.
    var stopForCanvas = function (e) {
      if (e.target !== canvas) return;
      e.stopPropagation();
      wake();
    };
    ['touchstart', 'touchmove', 'wheel'].forEach(function (type) {
      window.addEventListener(type, stopForCanvas, { capture: true, passive: true });
    });
    var touchEnd = function (e) {
      if (e.target !== canvas) return;
      e.stopPropagation();
      SesameBrowser.lastTouchEnd = performance.now();
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
    ['mousemove', 'mousedown', 'mouseup', 'focus', 'blur', 'resize', 'pageshow']
      .forEach(function (type) { window.addEventListener(type, wake, true); });
    document.addEventListener('visibilitychange', wake);
    if (window.visualViewport) window.visualViewport.addEventListener('resize', wake);
    SesameBrowser.watchPixelRatio();

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

  // Chromium's password manager offers to save on this explicit call; the form's submit
  // followed by its removal (the next screen) is the pattern Firefox and Chromium also watch.
  offerPasswordSave: function (identifier, password) {
    if (!window.PasswordCredential || !navigator.credentials || !navigator.credentials.store) return;
    try {
      navigator.credentials.store(new PasswordCredential({ id: identifier, password: password, name: identifier }))
        .catch(function () { /* refused or unavailable: nothing to do */ });
    } catch (e) { /* a browser without the API's constructor */ }
  },

  setClipboard: function (text) {
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function () {});
  },

  // A file the server made (a letter's PDF), as bytes: downloaded under `name` through a
  // Blob and a temporary link, the way a browser saves what a page hands it.
  saveFile: function (name, mime, bytes) {
    var blob = new Blob([bytes], { type: mime });
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    // Revoked once the download has started (a click starts it asynchronously).
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
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

  // The test bridge: what the last frame drew, in CSS pixels of the viewport; and the
  // semantic mirror built from the same nodes.
  installBridge: function () {
    SesameMirror.install();
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
