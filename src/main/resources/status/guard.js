// Loaded first, before any other script: records every script error, unhandled promise
// rejection, failed resource load and Content-Security-Policy violation on <html data-errors>,
// so that a browser test (or a person with the inspector) sees them in the page itself.
(function () {
  'use strict';
  var root = document.documentElement;

  function record(what) {
    var before = root.getAttribute('data-errors');
    root.setAttribute('data-errors', (before ? before + ' | ' : '') + what);
  }

  window.addEventListener('error', function (event) {
    var target = event.target;
    if (target && target !== window && (target.src || target.href)) {
      record('failed to load ' + (target.src || target.href));
    } else {
      record('script error: ' + event.message);
    }
  }, true);
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    record('unhandled rejection: ' + (reason && reason.message ? reason.message : String(reason)));
  });
  document.addEventListener('securitypolicyviolation', function (event) {
    record('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
  });

  window.loanStatus = { recordError: record };
  root.setAttribute('data-guard', 'on');
})();
