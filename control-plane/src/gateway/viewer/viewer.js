// The SkillPod desktop viewer: opens one desktop session through this session gateway with a single-use ticket
// and draws it with noVNC. Watch-only is enforced by the gateway on the wire (and by the desktop's view-only
// password); viewOnly here only keeps a watcher's browser from sending input that would be dropped anyway.
// It runs in the browser (a plain ES module served as is, no build step).
/* global document, window, URLSearchParams, WebSocket */
import RFB from "./novnc/core/rfb.js";

const desktopPath = "/v1/desktop";
/** The gateway answers noVNC's subprotocol and reads the ticket from a `ticket.<ticket>` one beside it. */
const desktopProtocol = "binary";
const ticketProtocolPrefix = "ticket.";

/** What the gateway's close codes mean to the person looking at the page, when it sent no reason. */
const closeExplanations = {
  1001: "The session gateway restarted; open the desktop again",
  4200: "The desktop closed the connection",
  4201: "The desktop could not be reached",
  4202: "The desktop refused the session's credential",
  4203: "The connection was not set up in time",
  4210: "The SkillPod was stopped",
  4211: "The SkillPod was deleted",
  4212: "You may no longer open this desktop",
  4213: "The browser stopped answering",
  4214: "A dispute froze this SkillPod",
};

const element = (id) => document.getElementById(id);

/**
 * The ticket, mode and SkillPod name from the fragment (preferred: it never reaches a server or its logs) or
 * the query.
 */
function launchParams() {
  const fromHash = new URLSearchParams(window.location.hash.slice(1));
  const fromQuery = new URLSearchParams(window.location.search);
  const read = (key) => fromHash.get(key) ?? fromQuery.get(key) ?? "";
  return {
    ticket: read("ticket"),
    mode: read("mode") === "watch" ? "watch" : "interactive",
    name: read("skillpod"),
  };
}

/** A ticket works once: keep it out of the address bar, the history and a copied link. */
function forgetTicket(launch) {
  const kept = new URLSearchParams({ mode: launch.mode, ...(launch.name ? { skillpod: launch.name } : {}) });
  window.history.replaceState(null, "", `${window.location.pathname}#${kept.toString()}`);
}

function setState(state, text) {
  document.body.dataset.state = state;
  element("status").textContent = text;
}

function showWatchBanner(launch) {
  const banner = element("watch-banner");
  const name = launch.name || "this SkillPod";
  banner.textContent = `Watch-only: you are watching ${name}; your keyboard and mouse are not sent`;
  banner.hidden = false;
}

function closeMessage(close, wasConnected) {
  if (!close) return "The connection ended.";
  if (close.code === 1006 && !wasConnected) {
    return "The session gateway refused the session: a ticket works once, for a few seconds, for its own user.";
  }
  const reason = close.reason || closeExplanations[close.code] || "The connection ended";
  return `${reason} (code ${close.code}).`;
}

function showDisconnected(viewer) {
  const message = closeMessage(viewer.close, viewer.wasConnected);
  setState("disconnected", "Disconnected");
  element("disconnected-reason").textContent = message;
  element("disconnected").hidden = false;
  element("release-keyboard").hidden = true;
}

function desktopSocket(ticket) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const url = `${scheme}//${window.location.host}${desktopPath}`;
  return new WebSocket(url, [desktopProtocol, ticketProtocolPrefix + ticket]);
}

function wireKeyboardRelease(rfb) {
  const button = element("release-keyboard");
  button.hidden = false;
  button.addEventListener("click", () => {
    rfb.blur();
    button.focus();
    element("status").textContent = "Keyboard released: click the desktop to type in it again";
  });
}

function connect(launch) {
  const socket = desktopSocket(launch.ticket);
  const viewer = { mode: launch.mode, close: undefined, wasConnected: false, rfb: undefined };
  // noVNC's disconnect event carries no close code or reason: read them from the socket itself.
  socket.addEventListener("close", (event) => {
    viewer.close = { code: event.code, reason: event.reason };
  });
  const rfb = new RFB(element("screen"), socket, { shared: true });
  viewer.rfb = rfb;
  rfb.scaleViewport = true;
  // The desktop keeps its own size: a watcher may not resize it, and the owner's window is not the desktop.
  rfb.resizeSession = false;
  rfb.viewOnly = launch.mode === "watch";
  rfb.addEventListener("connect", () => {
    viewer.wasConnected = true;
    const name = launch.name || "the desktop";
    setState("connected", launch.mode === "watch" ? `Watching ${name}` : `Connected to ${name}`);
    if (launch.mode === "interactive") rfb.focus();
  });
  rfb.addEventListener("disconnect", () => showDisconnected(viewer));
  if (launch.mode === "watch") showWatchBanner(launch);
  else wireKeyboardRelease(rfb);
  return viewer;
}

function start() {
  const launch = launchParams();
  if (launch.name) document.title = `${launch.name} · SkillPod desktop`;
  if (!launch.ticket) {
    setState("disconnected", "No session ticket");
    element("disconnected-reason").textContent =
      "This page opens a desktop with a session ticket from the workspaces API (#ticket=…&mode=…).";
    element("disconnected").hidden = false;
    return;
  }
  forgetTicket(launch);
  setState("connecting", "Connecting…");
  // Tests and support read the session's state from here (the RFB object, the close code and reason).
  window.skillpodViewer = connect(launch);
}

start();
