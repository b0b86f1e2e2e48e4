// Digital First dashboard: theme from Teams, and — when the server asks for Teams sign-in — the
// token dance. The page's HTML carries no data in that case: this script asks Teams for a token
// (authentication.getAuthToken), sends it as a bearer header to the page's API twin, and puts the
// server-rendered, escaped fragment it gets back into <main>. No cookies, no inline script.
(function () {
  "use strict";

  var THEMES = { default: "light", dark: "dark", contrast: "contrast" };
  var INIT_TIMEOUT_MS = 5000;
  var body = document.body;
  var main = document.getElementById("main");

  function teams() {
    return window.microsoftTeams && window.microsoftTeams.app ? window.microsoftTeams : null;
  }

  function applyTheme(theme) {
    if (THEMES[theme]) {
      document.documentElement.setAttribute("data-theme", THEMES[theme]);
    }
  }

  function withTimeout(promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
      promise.then(function (v) { clearTimeout(timer); resolve(v); }, function (e) { clearTimeout(timer); reject(e); });
    });
  }

  // Resolves with the Teams context when hosted by Teams (or Microsoft 365), rejects otherwise.
  function initialiseTeams() {
    var t = teams();
    if (!t) {
      return Promise.reject(new Error("The Teams library did not load."));
    }
    return withTimeout(t.app.initialize(), INIT_TIMEOUT_MS).then(function () {
      return t.app.getContext();
    }).then(function (context) {
      // Teams already shows the app's name above the tab: do not repeat it
      document.documentElement.classList.add("in-teams");
      applyTheme(context && context.app && context.app.theme);
      try { t.app.registerOnThemeChangeHandler(applyTheme); } catch (e) { /* older hosts */ }
      return context;
    });
  }

  // A message built from text nodes only: nothing from an error reaches the page as HTML.
  function showMessage(title, lines) {
    var h1 = document.createElement("h1");
    h1.textContent = title;
    var box = document.createElement("div");
    box.className = "notice";
    box.setAttribute("role", "alert");
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    main.replaceChildren(h1, box);
    document.title = title + " – Digital First dashboard";
  }

  function showPage(data) {
    // `html` is rendered and escaped by the server (dashboard/views.py) for this viewer.
    main.innerHTML = data.html;
    document.title = data.title + " – Digital First dashboard";
  }

  // A Teams deep link to the tab (…/l/entity/<app>/<entity>?context={"subEntityId":"projects/CIT-01"})
  // opens the dashboard's root with page.subPageId set: show that page instead, and put its address
  // in the location so that reloading and links behave as if it had been opened directly.
  var DEEP_LINK = /^(projects\/[A-Za-z0-9._~-]{1,64}|digests(\/[A-Za-z0-9._~-]{1,32})?)$/;
  var deepLinkApi = null;

  function followDeepLink(context) {
    var sub = context && context.page && context.page.subPageId;
    var root = base();
    if (!sub || !DEEP_LINK.test(sub) || window.location.pathname.replace(/\/$/, "") !== root) { return; }
    deepLinkApi = root + "/api/pages/" + sub;
    window.history.replaceState(null, "", root + "/" + sub);
  }

  function base() {
    return body.getAttribute("data-base") || "/dashboard";
  }

  function fetchPage(token) {
    var api = (deepLinkApi || body.getAttribute("data-api")) + (deepLinkApi ? "" : window.location.search);
    return fetch(api, {
      headers: { "Accept": "application/json", "Authorization": "Bearer " + token },
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function signInAndLoad() {
    initialiseTeams().then(function (context) {
      var t = teams();
      followDeepLink(context);
      return t.authentication.getAuthToken().then(function (token) {
        return fetchPage(token);
      }, function (error) {
        showMessage("Teams could not sign you in", [
          "Teams did not give this tab a sign-in token (" + String(error && error.message || error) + ").",
          "Close the tab and open it again. If it keeps happening, ask the programme office to check the app's single sign-on set-up."
        ]);
        try { t.app.notifyFailure({ reason: "AuthFailed", message: String(error) }); } catch (e) { /* ignore */ }
        return null;
      });
    }, function () {
      showMessage("Open this dashboard in Microsoft Teams", [
        "This dashboard is connected to Microsoft 365, so it signs you in through Teams. It cannot sign you in in a browser tab on its own.",
        "In Teams, open the Digital First app and choose its Dashboard tab, or open the Digital First tab in your team's channel."
      ]);
      return null;
    }).then(function (result) {
      if (!result) { return; }
      if (result.status === 200 || result.status === 404 || result.status === 403) {
        showPage(result.data);
      } else {
        showMessage("Your sign-in was not accepted", [
          String(result.data && result.data.message || "The server refused the sign-in."),
          "Close the tab and open it again. If it keeps happening, contact the programme office."
        ]);
      }
      var t = teams();
      try { if (t) { t.app.notifySuccess(); } } catch (e) { /* ignore */ }
    }).catch(function () {
      showMessage("The dashboard could not be loaded", ["Check your connection and reload the tab."]);
    });
  }

  if (body.getAttribute("data-auth") === "teams") {
    signInAndLoad();
  } else {
    // Local mode: the content is already on the page; inside Teams, only follow its theme.
    initialiseTeams().then(function () {
      var t = teams();
      try { t.app.notifySuccess(); } catch (e) { /* ignore */ }
    }, function () { /* a plain browser: prefers-color-scheme applies */ });
  }
}());
