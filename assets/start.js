// Starts the client (sesame.js) if the browser can run it; otherwise says why, in French.
(function () {
  'use strict';
  var status = document.getElementById('chargement');
  var canvas = document.getElementById('canvas');

  function failure(message) {
    status.hidden = false;
    status.className = 'erreur';
    status.textContent = message;
  }

  if (typeof WebAssembly !== 'object' || !document.createElement('canvas').getContext('webgl2')) {
    failure('Votre navigateur ne permet pas d’afficher Sésame (WebGL 2 et WebAssembly sont nécessaires). ' +
            'Mettez-le à jour ou essayez un autre navigateur.');
    return;
  }
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  var cannotStart = function () {
    failure('Sésame n’a pas pu démarrer. Rechargez la page ; si le problème persiste, réessayez plus tard.');
  };
  // The wasm is compiled while it downloads (application/wasm, whatever its
  // Content-Encoding) and while sesame.js arrives: sesame.js only instantiates it.
  // The same request as index.html's preload (credentials 'same-origin').
  var wasm = fetch('sesame.wasm', { credentials: 'same-origin' });
  var compiled = WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(wasm)
    : wasm.then(function (r) { return r.arrayBuffer(); }).then(function (b) { return WebAssembly.compile(b); });
  window.Module = {
    canvas: canvas,
    onAbort: cannotStart,
    // Emscripten's hook for a page that makes the instance itself: exports arrive through receive().
    instantiateWasm: function (imports, receive) {
      compiled.then(function (module) {
        return WebAssembly.instantiate(module, imports).then(function (instance) { receive(instance, module); });
      }).catch(cannotStart);
      return {};
    }
  };
  var script = document.createElement('script');
  script.src = 'sesame.js';
  script.async = true;
  script.onerror = function () {
    failure('Sésame n’a pas pu être chargé. Vérifiez votre connexion à Internet, puis rechargez la page.');
  };
  document.body.appendChild(script);
})();
