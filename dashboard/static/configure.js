// The channel tab's configuration page: inside Teams, tell Teams which page the tab shows
// (pages.config.setConfig) when the user chooses Save; outside Teams, the page explains itself.
(function () {
  "use strict";

  var THEMES = { default: "light", dark: "dark", contrast: "contrast" };
  var VIEWS = {
    matrix: { path: "", entityId: "digital-first-dashboard", name: "Digital First" },
    digests: { path: "/digests", entityId: "digital-first-digests", name: "DLG digests" }
  };
  var base = document.body.getAttribute("data-base") || "/dashboard";
  var form = document.getElementById("configure-form");
  var status = document.getElementById("configure-status");

  function chosen() {
    var checked = form.querySelector("input[name=view]:checked");
    return VIEWS[checked ? checked.value : "matrix"];
  }

  function say(text) {
    var p = document.createElement("p");
    p.textContent = text;
    status.replaceChildren(p);
  }

  var t = window.microsoftTeams;
  if (!t || !t.app) { return; }
  var timeout = new Promise(function (_, reject) { setTimeout(function () { reject(new Error("timeout")); }, 5000); });
  Promise.race([t.app.initialize(), timeout]).then(function () {
    return t.app.getContext().then(function (context) {
      var theme = context && context.app && context.app.theme;
      if (THEMES[theme]) { document.documentElement.setAttribute("data-theme", THEMES[theme]); }
    }, function () { /* theme is optional */ });
  }).then(function () {
    form.hidden = false;
    say("Choose what this tab shows, then choose Save.");
    t.pages.config.registerOnSaveHandler(function (saveEvent) {
      var view = chosen();
      var url = window.location.origin + base + view.path;
      t.pages.config.setConfig({
        entityId: view.entityId,
        contentUrl: url + "?theme={app.theme}",  // Teams fills in the theme, so the first paint matches it
        websiteUrl: url,
        suggestedDisplayName: view.name
      }).then(function () { saveEvent.notifySuccess(); }, function (error) { saveEvent.notifyFailure(String(error)); });
    });
    form.addEventListener("change", function () { t.pages.config.setValidityState(true); });
    t.pages.config.setValidityState(true);
    try { t.app.notifySuccess(); } catch (e) { /* ignore */ }
  }, function () { /* not in Teams: the explanation already on the page stays */ });
}());
