/**
 * The widget's stylesheet, scoped by its shadow root. Public theming hooks are the `--dc-*` custom properties (they
 * inherit through the shadow boundary, so a host page can set them on the element); internal `--_*` variables apply
 * the light or dark defaults underneath them.
 */
export const styles = `
:host { all: initial !important; display: block !important; }
:host([hidden]) { display: none !important; }
.root {
  --_accent: var(--dc-accent, #1d4ed8);
  --_accent-text: var(--dc-accent-text, #ffffff);
  --_accent-soft: var(--dc-accent-soft, color-mix(in srgb, var(--_accent) 11%, transparent));
  --_bg: var(--dc-background, #ffffff);
  --_surface: var(--dc-surface, #f4f6f9);
  --_text: var(--dc-text, #141a26);
  --_muted: var(--dc-muted, #5b6475);
  --_border: var(--dc-border, #dfe3ea);
  --_warn: var(--dc-warning, #a15c00);
  --_warn-soft: var(--dc-warning-soft, #fff6e6);
  --_danger: var(--dc-danger, #b42318);
  --_mark: var(--dc-highlight, #fff0a8);
  --_radius: var(--dc-radius, 16px);
  --_shadow: 0 18px 50px rgba(15, 23, 42, 0.22), 0 2px 8px rgba(15, 23, 42, 0.08);
  font: 400 14px/1.55 var(--dc-font, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  color: var(--_text);
  letter-spacing: normal; text-transform: none; text-align: left; word-spacing: normal; font-style: normal;
  -webkit-font-smoothing: antialiased;
}
.root.dark {
  --_accent: var(--dc-accent, #7aa2ff);
  --_accent-text: var(--dc-accent-text, #0b1020);
  --_bg: var(--dc-background, #12161f);
  --_surface: var(--dc-surface, #1b212d);
  --_text: var(--dc-text, #e8ecf4);
  --_muted: var(--dc-muted, #9aa4b5);
  --_border: var(--dc-border, #2c3444);
  --_warn: var(--dc-warning, #f5b74f);
  --_warn-soft: var(--dc-warning-soft, #2b2314);
  --_danger: var(--dc-danger, #ff8a80);
  --_mark: var(--dc-highlight, #5b4a00);
  --_shadow: 0 18px 50px rgba(0, 0, 0, 0.55);
}
*, *::before, *::after { box-sizing: border-box; }
button, input, textarea { font: inherit; color: inherit; letter-spacing: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
.sr-only { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.icon { fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; flex: none; }

.launcher {
  position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px; height: 52px; padding: 0 20px 0 16px;
  border: 0; border-radius: 26px; background: var(--_accent); color: var(--_accent-text);
  font-weight: 600; font-size: 15px; box-shadow: 0 8px 24px rgba(15, 23, 42, 0.28);
  transition: transform .15s ease, box-shadow .15s ease;
}
.launcher:hover { transform: translateY(-1px); box-shadow: 0 12px 28px rgba(15, 23, 42, 0.32); }
.left .launcher { right: auto; left: 20px; }
.launcher .icon { width: 22px; height: 22px; }
.open .launcher { width: 52px; padding: 0; justify-content: center; }
.open .launcher-label { display: none; }

.panel {
  display: flex; flex-direction: column; overflow: hidden; position: relative;
  background: var(--_bg); color: var(--_text);
  border: 1px solid var(--_border); border-radius: var(--_radius);
}
.launcher-mode .panel {
  position: fixed; bottom: 86px; right: 20px; z-index: 2147483001;
  width: var(--dc-width, 408px); height: var(--dc-height, min(680px, calc(100vh - 110px)));
  box-shadow: var(--_shadow);
}
.left .panel { right: auto; left: 20px; }
.inline-mode .panel { width: 100%; height: var(--dc-height, 620px); }
.panel[hidden] { display: none; }

.header {
  display: flex; align-items: center; gap: 12px; padding: 14px 14px 14px 18px;
  border-bottom: 1px solid var(--_border); background: var(--_bg);
}
.logo {
  display: grid; place-items: center; width: 36px; height: 36px; border-radius: 10px;
  background: var(--_accent); color: var(--_accent-text); flex: none;
}
.heading { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 15.5px; font-weight: 650; line-height: 1.3; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.subtitle { margin: 1px 0 0; font-size: 12.5px; color: var(--_muted); line-height: 1.35; }
.icon-button {
  display: inline-grid; place-items: center; width: 34px; height: 34px; padding: 0;
  border: 0; border-radius: 8px; background: transparent; color: var(--_muted);
}
.icon-button:hover { background: var(--_surface); color: var(--_text); }

.messages { position: relative; flex: 1; overflow-y: auto; padding: 18px 18px 8px; overscroll-behavior: contain; }
.message { margin: 0 0 16px; }
.user { display: flex; justify-content: flex-end; }
.user .bubble {
  max-width: 85%; padding: 9px 14px; border-radius: 16px 16px 4px 16px;
  background: var(--_accent); color: var(--_accent-text); white-space: pre-wrap; overflow-wrap: anywhere;
}
.assistant .bubble { padding: 2px 2px 0; overflow-wrap: anywhere; }
.greeting .bubble { padding: 12px 14px; border-radius: 4px 16px 16px 16px; background: var(--_surface); }
.suggestions { display: flex; flex-direction: column; align-items: flex-start; gap: 6px; margin-top: 10px; }
.suggestion {
  padding: 7px 12px; border: 1px solid var(--_border); border-radius: 999px; background: var(--_bg);
  color: var(--_accent); font-size: 13px; text-align: left; line-height: 1.35;
}
.suggestion:hover { border-color: var(--_accent); background: var(--_accent-soft); }

.answer p, .answer ul, .answer ol, .answer blockquote, .answer pre { margin: 0 0 10px; }
.answer ul, .answer ol { padding-left: 22px; }
.answer li { margin: 3px 0; }
.answer .md-heading { margin: 14px 0 6px; font-size: 14px; font-weight: 650; }
.answer .md-heading:first-child { margin-top: 0; }
.answer blockquote { padding-left: 12px; border-left: 3px solid var(--_border); color: var(--_muted); }
.answer code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; background: var(--_surface); padding: 1px 4px; border-radius: 4px; }
.answer pre { overflow-x: auto; background: var(--_surface); padding: 10px; border-radius: 8px; }
.answer a { color: var(--_accent); }
.streaming .answer > :last-child::after {
  content: ""; display: inline-block; width: 7px; height: 15px; margin-left: 2px; vertical-align: -2px;
  background: var(--_accent); border-radius: 1px; animation: blink 1s steps(2, start) infinite;
}
@keyframes blink { to { visibility: hidden; } }
.thinking { display: inline-flex; align-items: center; gap: 8px; color: var(--_muted); font-size: 13px; }
.dots { display: inline-flex; gap: 4px; }
.dots span { width: 6px; height: 6px; border-radius: 50%; background: var(--_accent); opacity: .35; animation: pulse 1.2s infinite ease-in-out; }
.dots span:nth-child(2) { animation-delay: .15s; } .dots span:nth-child(3) { animation-delay: .3s; }
@keyframes pulse { 40% { opacity: 1; transform: translateY(-2px); } }

.citation-group { white-space: nowrap; }
.chip {
  display: inline-flex; align-items: center; justify-content: center; min-width: 20px; height: 18px; margin: 0 1px;
  padding: 0 5px; border: 0; border-radius: 9px; vertical-align: 1px;
  background: var(--_accent-soft); color: var(--_accent); font-size: 11px; font-weight: 700; line-height: 1;
}
button.chip:hover { background: var(--_accent); color: var(--_accent-text); }
span.chip { opacity: .75; }
.unsupported { text-decoration: underline dotted var(--_warn) 2px; text-underline-offset: 3px; }
.unsupported-flag {
  display: inline-block; margin-left: 4px; padding: 0 5px; border-radius: 4px; vertical-align: 1px;
  background: var(--_warn-soft); color: var(--_warn); font-size: 10.5px; font-weight: 650; text-transform: uppercase; letter-spacing: .03em; line-height: 16px;
}

.notice { margin: 0 0 10px; padding: 12px 14px; border-radius: 12px; border: 1px solid var(--_border); background: var(--_surface); }
.notice.insufficient { border-color: color-mix(in srgb, var(--_warn) 35%, transparent); background: var(--_warn-soft); }
.notice.error { border-color: color-mix(in srgb, var(--_danger) 35%, transparent); }
.notice-title { display: flex; align-items: center; gap: 8px; margin: 0 0 4px; font-weight: 650; font-size: 13.5px; }
.notice.insufficient .notice-title { color: var(--_warn); }
.notice.error .notice-title { color: var(--_danger); }
.notice-text { margin: 0; color: var(--_text); font-size: 13.5px; }
.notice .retry { margin-top: 10px; }
.button {
  display: inline-flex; align-items: center; gap: 6px; height: 32px; padding: 0 12px; border-radius: 8px;
  border: 1px solid var(--_border); background: var(--_bg); font-size: 13px; font-weight: 550;
}
.button:hover { border-color: var(--_accent); color: var(--_accent); }
.button:disabled { opacity: .55; cursor: default; }
.button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_accent-text); }

.sources { margin: 12px 0 0; padding: 0; list-style: none; border-top: 1px solid var(--_border); }
.sources-title { margin: 10px 0 6px; font-size: 11.5px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; color: var(--_muted); }
.source { display: flex; gap: 10px; align-items: flex-start; padding: 7px 0; }
.source + .source { border-top: 1px dashed var(--_border); }
.source .chip { flex: none; margin-top: 2px; }
.source-body { min-width: 0; flex: 1; }
.source-open {
  display: block; width: 100%; padding: 0; border: 0; background: none; text-align: left;
  font-weight: 600; font-size: 13px; color: var(--_text); line-height: 1.4;
}
.source-open:hover { color: var(--_accent); text-decoration: underline; }
.source-meta { display: block; margin-top: 1px; font-size: 12px; color: var(--_muted); line-height: 1.4; }
.source-snippet { display: block; margin-top: 3px; font-size: 12.5px; color: var(--_muted); }
.type { display: inline-block; padding: 0 6px; border-radius: 4px; background: var(--_surface); border: 1px solid var(--_border); font-size: 10.5px; font-weight: 650; text-transform: uppercase; letter-spacing: .04em; line-height: 16px; color: var(--_muted); }

.actions { display: flex; align-items: center; gap: 2px; margin-top: 8px; color: var(--_muted); }
.actions .icon-button { width: 30px; height: 30px; }
.actions .icon-button[aria-pressed="true"] { color: var(--_accent); background: var(--_accent-soft); }
.actions .note { margin-left: 6px; font-size: 12px; }
.feedback-form { display: flex; flex-direction: column; gap: 8px; margin-top: 8px; padding: 10px; border-radius: 10px; background: var(--_surface); }
.feedback-form label { font-size: 12.5px; color: var(--_muted); }
.feedback-form textarea { width: 100%; min-height: 56px; resize: vertical; padding: 8px 10px; border-radius: 8px; border: 1px solid var(--_border); background: var(--_bg); font-size: 13px; }
.feedback-form .row { display: flex; gap: 8px; justify-content: flex-end; }
.stopped-note { font-size: 12px; color: var(--_muted); font-style: italic; }

.composer { display: flex; align-items: flex-end; gap: 8px; margin: 8px 14px 0; padding: 6px 6px 6px 14px; border: 1px solid var(--_border); border-radius: 14px; background: var(--_bg); }
.composer:focus-within { border-color: var(--_accent); box-shadow: 0 0 0 3px var(--_accent-soft); }
.input { flex: 1; min-height: 24px; max-height: 120px; margin: 5px 0; padding: 0; border: 0; outline: 0; resize: none; background: transparent; font-size: 14px; line-height: 1.5; }
.input::placeholder { color: var(--_muted); opacity: 1; }
.send { display: grid; place-items: center; width: 36px; height: 36px; border: 0; border-radius: 10px; background: var(--_accent); color: var(--_accent-text); flex: none; }
.send:disabled { opacity: .4; cursor: default; }
.send.stop { background: var(--_text); color: var(--_bg); }
.footer { display: flex; justify-content: space-between; gap: 8px; padding: 6px 16px 10px; font-size: 11.5px; color: var(--_muted); }

.viewer { position: absolute; inset: 0; z-index: 2; display: flex; flex-direction: column; background: var(--_bg); }
.viewer[hidden] { display: none; }
.viewer-header { display: flex; align-items: flex-start; gap: 10px; padding: 14px 14px 12px 18px; border-bottom: 1px solid var(--_border); }
.viewer-title { flex: 1; margin: 0; font-size: 15px; font-weight: 650; line-height: 1.35; }
.viewer-body { flex: 1; overflow-y: auto; padding: 14px 18px 18px; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 0 0 10px; font-size: 12.5px; color: var(--_muted); }
.breadcrumb { margin: 0 0 12px; font-size: 12.5px; color: var(--_muted); }
.passage { margin: 0 0 14px; padding: 12px 14px; border-radius: 10px; background: var(--_surface); white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13.5px; line-height: 1.6; }
.passage mark { background: var(--_mark); color: inherit; border-radius: 3px; padding: 1px 0; box-shadow: 0 0 0 2px var(--_mark); }
.source-link { display: inline-flex; align-items: center; gap: 6px; color: var(--_accent); font-weight: 600; font-size: 13px; text-decoration: none; }
.source-link:hover { text-decoration: underline; }

@media (max-width: 520px) {
  .launcher-mode .panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; border: 0; }
  .launcher { bottom: 14px; right: 14px; }
  .open .launcher { display: none; }
  .left .launcher { left: 14px; }
  .messages { padding: 14px 14px 6px; }
  .composer { margin: 6px 10px 0; }
  .input { font-size: 16px; }
}
@media (prefers-reduced-motion: reduce) {
  * { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
`;
