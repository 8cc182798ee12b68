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
  window.Module = {
    canvas: canvas,
    onAbort: function () {
      failure('Sésame n’a pas pu démarrer. Rechargez la page ; si le problème persiste, réessayez plus tard.');
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
