/**
 * The demo host page served at `/`: a mock vendor-review portal embedding the widget with one script tag, with
 * example questions and deliberately hostile page CSS that the widget's shadow root must shrug off.
 */

export const exampleQuestions = [
  'Is Alibaba Cloud a security risk to Western companies?',
  'Can Chinese authorities compel a cloud provider to hand over customer data?',
  'What does the GDPR require before personal data is transferred to China?',
  'Why did the UK restrict Huawei equipment in 5G networks?',
  'What is the best pizza in Naples?',
];

export interface DemoPageOptions {
  /** The widget key to embed (public), when widget keys are configured. */
  widgetKey?: string;
  mode: 'launcher' | 'inline';
  theme: 'light' | 'dark' | 'auto';
  /** Shown when keys are configured but none allows this page's origin. */
  keyProblem?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const vendors = [
  ['Alibaba Cloud', 'Cloud infrastructure', 'CN', 'High', 'In review', 'Due 14 Mar'],
  ['Amazon Web Services', 'Cloud infrastructure', 'US', 'Low', 'Approved', 'Renew 2027'],
  ['DeepSeek', 'AI model provider', 'CN', 'High', 'Blocked', '—'],
  ['Huawei Cloud', 'Cloud infrastructure', 'CN', 'High', 'In review', 'Due 21 Mar'],
  ['Microsoft Azure', 'Cloud infrastructure', 'US', 'Low', 'Approved', 'Renew 2026'],
  ['TikTok for Business', 'Marketing platform', 'CN / SG', 'Medium', 'Questionnaire sent', 'Due 2 Apr'],
] as const;

export function demoPage(options: DemoPageOptions): string {
  const attributes = [
    `src="/widget.js"`,
    options.widgetKey ? `data-key="${escapeHtml(options.widgetKey)}"` : '',
    `data-mode="${options.mode}"`,
    options.mode === 'inline' ? `data-target="#assistant-slot"` : '',
    `data-theme="${options.theme}"`,
    `data-title="Diligence assistant"`,
    `data-subtitle="Cited answers from regulatory and news sources"`,
    `data-greeting="Hi! Ask me about a vendor's security, legal or data-protection risk. I answer only from the review library and cite every passage I use."`,
    `data-placeholder="Ask about a vendor…"`,
    `data-suggestions="${escapeHtml(exampleQuestions.slice(0, 3).join('|'))}"`,
  ]
    .filter(Boolean)
    .join(' ');
  const rows = vendors
    .map(
      ([name, category, country, risk, status, due]) => `
          <tr>
            <td><span class="vendor-name">${escapeHtml(name)}</span><span class="vendor-category">${escapeHtml(category)}</span></td>
            <td>${escapeHtml(country)}</td>
            <td><span class="risk risk-${risk.toLowerCase()}">${escapeHtml(risk)}</span></td>
            <td>${escapeHtml(status)}</td>
            <td class="muted">${escapeHtml(due)}</td>
          </tr>`,
    )
    .join('');
  const questions = exampleQuestions
    .map(
      (question, index) =>
        `<li><button class="ask" type="button" data-question="${escapeHtml(question)}">${escapeHtml(question)}${
          index === exampleQuestions.length - 1 ? ' <em>(outside the library)</em>' : ''
        }</button></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>VendorLens · Third-party risk reviews</title>
<style>
  body { margin: 0; font: 15px/1.5 Georgia, "Times New Roman", serif; color: #1f2933; background: #eef1f5; }
  .topbar { display: flex; align-items: center; gap: 16px; padding: 0 28px; height: 58px; background: #0f1f38; color: #fff; }
  .brand { font: 700 19px/1 Georgia, serif; letter-spacing: .02em; }
  .brand span { color: #f4b942; }
  .topbar nav { display: flex; gap: 18px; margin-left: 24px; font: 14px/1 Arial, sans-serif; opacity: .85; }
  .layout { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 24px; max-width: 1180px; margin: 28px auto; padding: 0 24px; }
  .layout.single { grid-template-columns: minmax(0, 1fr); max-width: 980px; }
  .card { background: #fff; border: 1px solid #d8dee6; border-radius: 6px; padding: 20px 24px; margin-bottom: 20px; }
  h1 { font: 600 26px/1.2 Georgia, serif; margin: 0 0 4px; }
  h2 { font: 600 17px/1.3 Georgia, serif; margin: 0 0 12px; }
  .lede { color: #52606d; margin: 0 0 18px; }
  .stats { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; margin-bottom: 20px; }
  .stat { background: #fff; border: 1px solid #d8dee6; border-radius: 6px; padding: 14px 18px; }
  .stat b { display: block; font-size: 26px; }
  .stat span { color: #52606d; font: 13px Arial, sans-serif; }
  .table-wrap { overflow-x: auto; }
  table { width: 100%; min-width: 560px; border-collapse: collapse; font: 14px/1.4 Arial, sans-serif; }
  th { text-align: left; color: #52606d; font-weight: 600; border-bottom: 2px solid #d8dee6; padding: 8px 10px; }
  td { border-bottom: 1px solid #e4e7eb; padding: 10px; vertical-align: top; }
  .vendor-name { display: block; font-weight: 700; }
  .vendor-category, .muted { color: #7b8794; font-size: 12.5px; }
  .risk { display: inline-block; padding: 2px 8px; border-radius: 3px; font-size: 12px; font-weight: 700; }
  .risk-high { background: #fde8e8; color: #9b1c1c; } .risk-medium { background: #fef3c7; color: #92400e; } .risk-low { background: #def7ec; color: #03543f; }
  .questions { list-style: none; margin: 0; padding: 0; }
  .questions li { margin: 0 0 8px; }
  .ask { width: 100%; text-align: left; padding: 9px 12px; border: 1px solid #c5ced8; border-radius: 4px; background: #f8fafc; font: 14px/1.4 Arial, sans-serif; color: #0f1f38; cursor: pointer; }
  .ask:hover { border-color: #0f1f38; background: #fff; }
  .ask em { color: #7b8794; }
  .key-problem { padding: 12px 16px; background: #fff4e5; border: 1px solid #f0b35b; border-radius: 4px; font: 14px Arial, sans-serif; }
  @media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } .stats { grid-template-columns: 1fr; } .topbar nav { display: none; } }

  /* Deliberately hostile rules, of the kind a host page might ship. The widget lives in a shadow root, so none of
     them reach it: its fonts, colours, spacing and boxes stay its own. */
  * { box-sizing: content-box !important; }
  .message, .bubble, .panel, .header, .messages, .composer, .launcher, .chip, .sources, .source, .notice, .answer,
  [role="dialog"], [role="log"], textarea, form button, section p {
    font-family: "Comic Sans MS", "Comic Neue", cursive !important; color: #ff00c8 !important; background: #c7ff00 !important;
    border: 6px dashed red !important; text-transform: uppercase !important; letter-spacing: .3em !important;
    line-height: 3 !important; padding: 40px !important; display: block !important; transform: rotate(2deg) !important;
  }
  diligence-chat { font: italic 40px/4 Impact, fantasy; color: lime; letter-spacing: 1em; text-align: right; }
  mark { background: black !important; color: black !important; }
</style>
</head>
<body>
<header class="topbar"><div class="brand">Vendor<span>Lens</span></div><nav><a style="color:inherit">Reviews</a><a style="color:inherit">Vendors</a><a style="color:inherit">Questionnaires</a><a style="color:inherit">Reports</a></nav></header>
<div class="layout ${options.mode === 'inline' ? 'with-assistant' : 'single'}">
  <main>
    <div class="card">
      <h1>Vendor reviews</h1>
      <p class="lede">Q1 third-party risk cycle · cloud and AI suppliers</p>
      ${options.keyProblem ? `<p class="key-problem">${escapeHtml(options.keyProblem)}</p>` : ''}
      <div class="stats">
        <div class="stat"><b>12</b><span>open reviews</span></div>
        <div class="stat"><b>3</b><span>high-risk vendors</span></div>
        <div class="stat"><b>4</b><span>due this month</span></div>
      </div>
      <div class="table-wrap"><table>
        <thead><tr><th>Vendor</th><th>HQ</th><th>Inherent risk</th><th>Status</th><th>Next step</th></tr></thead>
        <tbody>${rows}
        </tbody>
      </table></div>
    </div>
    <div class="card">
      <h2>Ask the diligence assistant</h2>
      <p class="lede">Try one of these, or open the assistant ${options.mode === 'inline' ? 'beside the table' : 'from the button at the bottom right'}.</p>
      <ul class="questions">${questions}</ul>
    </div>
  </main>
  ${options.mode === 'inline' ? '<aside id="assistant-slot"></aside>' : ''}
</div>
<script ${attributes}></script>
<script>
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button.ask');
    var chat = document.querySelector('diligence-chat');
    if (button && chat && chat.ask) chat.ask(button.getAttribute('data-question'));
  });
</script>
</body>
</html>`;
}
