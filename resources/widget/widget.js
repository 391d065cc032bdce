/*
 * supportd chat widget: a floating button that opens a chat with the support
 * agent. Plain JavaScript, no dependencies, no build step. Embed it with
 *
 *   <script src="https://support.example/widget.js" defer data-lang="de"></script>
 *
 * Settings come from the script tag's data-* attributes; a global
 * window.SupportWidgetConfig object (what WordPress's wp_localize_script
 * writes) overrides them:
 *   server      supportd's base URL (default: where this script came from;
 *               serverUrl is the same)
 *   lang        en | de | ar, or a locale like de-DE (default: the page's
 *               lang, then the browser's)
 *   dir         ltr | rtl (default: the page's, then the language's)
 *   title       the panel's heading
 *   accent      the accent colour (any CSS colour)
 *   userToken   a signed-in shopper's JWT, or a function returning (a Promise
 *               of) one: sent as "Authorization: Bearer" with each message
 *   restUrl, nonce, loggedIn   WordPress (the supportd-chat plugin): without a
 *               userToken, a logged-in user's JWT comes from POST restUrl with
 *               X-WP-Nonce and the login cookie, kept until 30 s before it
 *               expires; without one the chat goes on anonymously
 *
 * Each agent API request carries X-Device-Id, a random id kept in
 * localStorage, so shoppers behind one address get rate limits of their own.
 * Elements with a data-support-widget-open attribute open the chat.
 * Performance marks "support-widget:*" time the first render and each answer.
 */
(() => {
  'use strict';
  if (window.SupportWidget) return; // embedded twice

  const mark = (name) => performance.mark('support-widget:' + name);
  const measure = (name, from, to) => {
    try { performance.measure('support-widget:' + name, 'support-widget:' + from, 'support-widget:' + to); } catch (e) { /* a mark is missing */ }
  };
  mark('start');

  // ---- Strings: one table per language; add a language by adding a table.
  const STRINGS = {
    en: {
      open: 'Open chat', openUnread: 'Open chat (new message)', close: 'Close chat', title: 'Chat with us',
      subtitle: 'We usually answer right away', restart: 'Start a new conversation', log: 'Conversation',
      input: 'Your message', placeholder: 'Ask a question…', send: 'Send', typing: 'The assistant is typing…',
      you: 'You', assistant: 'Assistant', person: 'Support team', sources: 'Sources', newTab: '(opens in a new tab)',
      rate: 'Was this answer helpful?', helpful: 'Helpful', notHelpful: 'Not helpful', thanks: 'Thanks for your feedback',
      handoff: 'A person will join shortly.', human: 'You are now chatting with our support team.',
      closed: 'This conversation has ended.',
      greeting: 'Hi! Ask me about orders, delivery, returns or our products.',
      error: 'Sorry, that did not go through. Please try again.',
      invalid: 'This message cannot be sent: it is too long or contains characters we cannot accept.',
      slowDown: 'You are sending messages very quickly. Please wait {s} seconds.',
    },
    de: {
      open: 'Chat öffnen', openUnread: 'Chat öffnen (neue Nachricht)', close: 'Chat schließen', title: 'Schreiben Sie uns',
      subtitle: 'Wir antworten meist sofort', restart: 'Neues Gespräch beginnen', log: 'Gespräch',
      input: 'Ihre Nachricht', placeholder: 'Stellen Sie eine Frage…', send: 'Senden', typing: 'Der Assistent schreibt…',
      you: 'Sie', assistant: 'Assistent', person: 'Kundenservice', sources: 'Quellen', newTab: '(öffnet in neuem Tab)',
      rate: 'War diese Antwort hilfreich?', helpful: 'Hilfreich', notHelpful: 'Nicht hilfreich', thanks: 'Danke für Ihr Feedback',
      handoff: 'Gleich meldet sich eine Person bei Ihnen.', human: 'Sie schreiben jetzt mit unserem Kundenservice.',
      closed: 'Dieses Gespräch ist beendet.',
      greeting: 'Hallo! Fragen Sie mich zu Bestellungen, Lieferung, Rücksendungen oder unseren Produkten.',
      error: 'Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal.',
      invalid: 'Diese Nachricht kann nicht gesendet werden: Sie ist zu lang oder enthält unzulässige Zeichen.',
      slowDown: 'Sie senden sehr schnell. Bitte warten Sie {s} Sekunden.',
    },
    ar: {
      open: 'افتح المحادثة', openUnread: 'افتح المحادثة (رسالة جديدة)', close: 'أغلق المحادثة', title: 'تحدث معنا',
      subtitle: 'نرد عادةً على الفور', restart: 'ابدأ محادثة جديدة', log: 'المحادثة',
      input: 'رسالتك', placeholder: 'اكتب سؤالك…', send: 'إرسال', typing: 'المساعد يكتب…',
      you: 'أنت', assistant: 'المساعد', person: 'فريق الدعم', sources: 'المصادر', newTab: '(يفتح في علامة تبويب جديدة)',
      rate: 'هل كان هذا الرد مفيدًا؟', helpful: 'مفيد', notHelpful: 'غير مفيد', thanks: 'شكرًا على ملاحظاتك',
      handoff: 'سينضم إليك أحد موظفينا قريبًا.', human: 'أنت تتحدث الآن مع فريق الدعم.',
      closed: 'انتهت هذه المحادثة.',
      greeting: 'مرحبًا! اسألني عن الطلبات والتوصيل والإرجاع ومنتجاتنا.',
      error: 'عذرًا، لم يتم الإرسال. يُرجى المحاولة مرة أخرى.',
      invalid: 'تعذّر إرسال هذه الرسالة: إنها طويلة جدًا أو تحتوي على أحرف غير مقبولة.',
      slowDown: 'أنت ترسل الرسائل بسرعة كبيرة. يُرجى الانتظار {s} ثانية.',
    },
  };
  const RTL_LANGUAGES = ['ar', 'fa', 'he', 'ur'];

  // ---- Settings
  const script = document.currentScript;
  const tagSettings = (script && script.dataset) || {};
  const setting = (name) => {
    const global = window.SupportWidgetConfig || {};
    const value = global[name];
    return value !== undefined && value !== null && value !== '' ? value : tagSettings[name];
  };
  const server = String(setting('server') || setting('serverUrl') || (script && script.src ? new URL(script.src, location.href).origin : location.origin))
    .replace(/\/+$/, '');
  const pickLanguage = () => {
    for (const wanted of [setting('lang'), document.documentElement.lang, navigator.language]) {
      const code = String(wanted || '').toLowerCase();
      if (STRINGS[code]) return code;
      if (STRINGS[code.split(/[-_]/)[0]]) return code.split(/[-_]/)[0];
    }
    return 'en';
  };
  const lang = pickLanguage();
  const t = STRINGS[lang];

  // ---- Saved state: the thread survives reloads (localStorage), the open panel a reload of this tab.
  const storageKey = 'supportWidget:' + server;
  const load = (store, key) => { try { return JSON.parse(store.getItem(key)); } catch (e) { return null; } };
  const save = (store, key, value) => { try { store.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off */ } };
  const saved = load(localStorage, storageKey) || {};
  // owner: the signed-in user (the JWT's sub) the thread was answered as, if any.
  const state = { threadId: saved.threadId || '', token: saved.token || '', rated: saved.rated || {}, owner: saved.owner || '', status: 'bot' };
  const persist = () => save(localStorage, storageKey,
    { threadId: state.threadId, token: state.token, rated: state.rated, owner: state.owner });

  // A random id for this browser, made once (without storage: for this page view).
  const deviceId = (() => {
    const key = 'supportWidget:device';
    let id = load(localStorage, key);
    if (typeof id === 'string' && /^[\w-]{8,128}$/.test(id)) return id;
    id = crypto.randomUUID ? crypto.randomUUID() // secure contexts only: plain-http shops get the fallback
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    save(localStorage, key, id);
    return id;
  })();

  // ---- Talking to supportd
  async function api(path, { method = 'GET', body, headers = {} } = {}) {
    const sent = { ...headers, 'X-Device-Id': deviceId };
    if (body !== undefined) sent['Content-Type'] = 'application/json';
    if (state.token) sent['X-Thread-Token'] = state.token;
    const response = await fetch(server + path, {
      method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store',
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    return { status: response.status, data, retryAfter: Number(response.headers.get('Retry-After')) || 1 };
  }

  async function userToken() {
    let token = setting('userToken');
    try {
      if (typeof token === 'function') token = await token();
      else if (!token) token = await wordpressToken();
    } catch (e) {
      token = null; // the shopper continues anonymously
    }
    return typeof token === 'string' && token ? token : null;
  }

  // A logged-in WordPress user's JWT from the plugin's REST route, reused until
  // 30 s before it expires; a failure is remembered for a minute (anonymous meanwhile).
  let wordpress = { token: null, until: 0 };
  async function wordpressToken() {
    const config = window.SupportWidgetConfig || {};
    if (!config.restUrl || !config.nonce || ![true, 1, '1', 'true'].includes(config.loggedIn)) return null;
    if (Date.now() < wordpress.until) return wordpress.token;
    wordpress = { token: null, until: Date.now() + 60000 };
    const response = await fetch(config.restUrl, {
      method: 'POST', headers: { 'X-WP-Nonce': config.nonce }, credentials: 'same-origin', cache: 'no-store',
      signal: window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(5000) : undefined,
    });
    const data = response.ok ? await response.json() : null;
    if (!data || typeof data.token !== 'string') return null;
    // expires_in counts on this clock, which may differ from the site's (expires_at).
    const lifetime = Number(data.expires_in) > 0 ? data.expires_in * 1000 : Number(data.expires_at) * 1000 - Date.now();
    wordpress = { token: data.token, until: Date.now() + lifetime - 30000 };
    return data.token;
  }

  // ---- DOM helpers (text always goes in as text: never HTML)
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'text') element.textContent = value;
      else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : value);
    }
    element.append(...children.filter((child) => child !== null && child !== undefined));
    return element;
  }
  const ICONS = {
    chat: 'M4 5h16v11H9l-5 4z',
    close: 'M6 6l12 12M18 6L6 18',
    send: 'M4 12h13M12 6l6 6-6 6',
    restart: 'M4 12a8 8 0 1 0 2.4-5.7M4 4v5h5',
    thumb: 'M7 11v9H4v-9zM7 11l4-7c1.5 0 2.5 1 2 3l-1 3h6a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 16.8 20H7',
  };
  function icon(name) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }

  const STYLES = `
:host { all: initial; }
.w { --a: #1d6b47; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif;
  color: #1c2321; text-align: start; }
.w *, .w *::before, .w *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button { font: inherit; cursor: pointer; }
svg { inline-size: 20px; block-size: 20px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
:focus-visible { outline: 3px solid #f2a93b; outline-offset: 2px; }
.launcher { position: fixed; z-index: 2147483000; inset-block-end: 20px; inset-inline-end: 20px; inline-size: 56px; block-size: 56px;
  border: 0; border-radius: 50%; background: var(--a); color: #fff; box-shadow: 0 4px 14px rgb(0 0 0 / .25);
  display: grid; place-items: center; }
.launcher svg { inline-size: 28px; block-size: 28px; }
.badge { position: absolute; inset-block-start: 6px; inset-inline-end: 6px; inline-size: 14px; block-size: 14px;
  border-radius: 50%; background: #d9412a; border: 2px solid #fff; }
.panel { position: fixed; z-index: 2147483001; inset-block-end: 88px; inset-inline-end: 20px;
  inline-size: min(380px, calc(100vw - 40px)); block-size: min(580px, calc(100vh - 108px));
  display: flex; flex-direction: column; background: #fff; border-radius: 14px; box-shadow: 0 12px 40px rgb(0 0 0 / .28); overflow: hidden; }
.head { display: flex; align-items: center; gap: 4px; padding-block: 10px; padding-inline: 16px 8px; background: var(--a); color: #fff; }
.head div { flex: 1; min-inline-size: 0; }
.head h2 { margin: 0; font-size: 16px; }
.head p { margin: 0; font-size: 13px; opacity: .9; }
.icon { inline-size: 36px; block-size: 36px; padding: 0; border: 0; border-radius: 8px; background: transparent; color: inherit;
  display: grid; place-items: center; }
.head .icon:hover { background: rgb(255 255 255 / .18); }
.notice { margin: 0; padding: 8px 16px; background: #fff4d6; color: #4f3b00; font-size: 14px; border-block-end: 1px solid #efdca2; }
.log { flex: 1; overflow-y: auto; overscroll-behavior: contain; padding: 16px; display: flex; flex-direction: column; gap: 12px; }
.greet { margin: 0; color: #46524e; }
.msg { max-inline-size: 88%; align-self: flex-start; }
.msg.user { align-self: flex-end; }
.text { margin: 0; padding: 9px 13px; border-radius: 14px; background: #edf2ef; white-space: pre-wrap; overflow-wrap: anywhere; }
.user .text { background: var(--a); color: #fff; }
.human .text { background: #e4edfa; }
.who { display: block; font-size: 12px; color: #46524e; margin-block-end: 2px; }
.sources { margin-block-start: 6px; font-size: 13px; color: #46524e; }
.sources ul { margin: 2px 0 0; padding-inline-start: 18px; }
.sources a { color: #0f4f7c; overflow-wrap: anywhere; }
.rate { display: flex; align-items: center; gap: 2px; margin-block-start: 2px; font-size: 12px; color: #46524e; }
.rate .icon { inline-size: 32px; block-size: 32px; }
.rate svg { inline-size: 16px; block-size: 16px; }
.rate .down svg { transform: scaleY(-1); }
.rate [aria-pressed="true"] { color: var(--a); background: #dcebe3; }
.typing { display: flex; gap: 4px; padding-inline: 18px; padding-block-end: 10px; }
.typing i { inline-size: 7px; block-size: 7px; border-radius: 50%; background: #7f8c87; animation: sw-dot 1s infinite; }
.typing i:nth-of-type(2) { animation-delay: .15s; }
.typing i:nth-of-type(3) { animation-delay: .3s; }
@keyframes sw-dot { 0%, 80%, 100% { opacity: .3; transform: none; } 40% { opacity: 1; transform: translateY(-3px); } }
.error { margin: 0; padding: 6px 16px; color: #a3241a; font-size: 14px; }
.compose { display: flex; gap: 8px; padding: 10px 12px; border-block-start: 1px solid #dbe2df; }
textarea { flex: 1; min-inline-size: 0; resize: none; font: inherit; color: inherit; background: #fff; padding: 8px 10px;
  border: 1px solid #aab6b1; border-radius: 10px; max-block-size: 120px; }
.send { inline-size: 44px; border: 0; border-radius: 10px; background: var(--a); color: #fff; display: grid; place-items: center; }
[dir="rtl"] .send svg { transform: scaleX(-1); }
.sr { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (max-width: 480px) {
  .panel { inset: 0; inline-size: auto; block-size: auto; border-radius: 0; }
  .open .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) { .typing i { animation: none; } }
`;

  // ---- The widget
  const ui = {};
  const shown = new Set();    // ids of messages on screen
  const unconfirmed = [];     // the shopper's messages sent from here, not yet seen with their id
  let busy = false;
  let events = null;
  let pollTimer = 0;

  // The first render is the button only; the panel is built when first needed.
  function buildLauncher() {
    const dir = String(setting('dir') || document.documentElement.dir || document.body.dir
      || (RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr')).toLowerCase() === 'rtl' ? 'rtl' : 'ltr';
    ui.host = h('div', { 'data-support-widget': '' });
    const root = ui.host.attachShadow({ mode: 'open' });
    if (root.adoptedStyleSheets && CSSStyleSheet.prototype.replaceSync) {
      const sheet = new CSSStyleSheet(); // a constructed sheet passes a page's CSP without 'unsafe-inline'
      sheet.replaceSync(STYLES);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(h('style', { text: STYLES }));
    }
    ui.frame = h('div', { class: 'w', dir, lang });
    const accent = setting('accent');
    if (accent && window.CSS && CSS.supports('color', accent)) ui.frame.style.setProperty('--a', accent);

    ui.badge = h('span', { class: 'badge', hidden: true });
    ui.launcher = h('button', {
      type: 'button', class: 'launcher', 'aria-label': t.open, 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
      'aria-controls': 'sw-panel', onclick: () => (ui.panel && !ui.panel.hidden ? close() : open()),
    }, icon('chat'), ui.badge);
    ui.frame.append(ui.launcher);
    root.append(ui.frame);
    document.body.append(ui.host);
  }

  function buildPanel() {
    if (ui.panel) return;
    ui.notice = h('p', { class: 'notice', role: 'status', hidden: true });
    ui.log = h('div', {
      class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.log, tabindex: '0',
    }, h('p', { class: 'greet', text: t.greeting }));
    ui.typing = h('div', { class: 'typing', role: 'status', hidden: true }, h('span', { class: 'sr', text: t.typing }),
      h('i'), h('i'), h('i'));
    ui.error = h('p', { class: 'error', role: 'alert', hidden: true });
    ui.input = h('textarea', {
      id: 'sw-input', rows: '2', maxlength: '4000', placeholder: t.placeholder, autocomplete: 'off',
      onkeydown: (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          submit();
        }
      },
    });
    const form = h('form', { class: 'compose', onsubmit: (event) => { event.preventDefault(); submit(); } },
      h('label', { class: 'sr', for: 'sw-input', text: t.input }), ui.input,
      h('button', { type: 'submit', class: 'send', 'aria-label': t.send }, icon('send')));

    ui.panel = h('section', {
      id: 'sw-panel', class: 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'sw-title', hidden: true,
      onkeydown: (event) => { if (event.key === 'Escape') { event.stopPropagation(); close(); } },
    },
    h('header', { class: 'head' },
      h('div', {}, h('h2', { id: 'sw-title', text: setting('title') || t.title }), h('p', { text: t.subtitle })),
      h('button', { type: 'button', class: 'icon', 'aria-label': t.restart, title: t.restart, onclick: restart }, icon('restart')),
      h('button', { type: 'button', class: 'icon', 'aria-label': t.close, title: t.close, onclick: close }, icon('close'))),
    ui.notice, ui.log, ui.typing, ui.error, form);
    ui.frame.append(ui.panel);
  }

  function open() {
    buildPanel();
    ui.panel.hidden = false;
    ui.frame.classList.add('open');
    ui.launcher.setAttribute('aria-expanded', 'true');
    setUnread(false);
    save(sessionStorage, storageKey + ':open', true);
    ui.log.scrollTop = ui.log.scrollHeight;
    ui.input.focus();
  }

  function close() {
    ui.panel.hidden = true;
    ui.frame.classList.remove('open');
    ui.launcher.setAttribute('aria-expanded', 'false');
    save(sessionStorage, storageKey + ':open', false);
    ui.launcher.focus();
  }

  function setUnread(unread) {
    ui.badge.hidden = !unread;
    ui.launcher.setAttribute('aria-label', unread ? t.openUnread : t.open);
  }

  function showError(text) {
    ui.error.textContent = text || '';
    ui.error.hidden = !text;
  }

  function setStatus(status) {
    state.status = status;
    const text = { handoff: t.handoff, human: t.human, closed: t.closed }[status];
    ui.notice.textContent = text || '';
    ui.notice.hidden = !text;
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  // ---- Messages
  function render(message) {
    const role = message.role;
    const who = role === 'user' ? t.you : role === 'human' ? [message.author, t.person].filter(Boolean).join(' · ') : t.assistant;
    const item = h('div', { class: 'msg ' + role },
      role === 'human' ? h('span', { class: 'who', text: who }) : h('span', { class: 'sr', text: who + ': ' }),
      h('p', { class: 'text', text: message.content }));
    if (message.id) {
      item.dataset.id = message.id;
      shown.add(message.id);
    }
    const seen = new Set();
    const links = (message.citations || []).filter((c) => /^https?:\/\//i.test(c.url || '') && !seen.has(c.url) && seen.add(c.url));
    if (links.length) {
      item.append(h('div', { class: 'sources' }, h('span', { text: t.sources }),
        h('ul', {}, ...links.map((c) => h('li', {},
          h('a', { href: c.url, target: '_blank', rel: 'noopener noreferrer' }, c.title || c.url, h('span', { class: 'sr', text: ' ' + t.newTab })))))));
    }
    if (role !== 'user' && message.id) item.append(feedbackBar(message.id));
    ui.log.append(item);
    scrollToEnd();
    return item;
  }

  // A message from the server (answer, transcript, event stream, poll), once.
  function receive(message) {
    if (!message || !message.id || shown.has(message.id)) return;
    if (!['user', 'assistant', 'human'].includes(message.role)) return;
    if (message.role === 'user') {
      const index = unconfirmed.findIndex((local) => local.text === message.content);
      if (index >= 0) {
        const [local] = unconfirmed.splice(index, 1);
        local.item.dataset.id = message.id;
        shown.add(message.id);
        return;
      }
    } else {
      ui.typing.hidden = true;
      if (ui.panel.hidden) setUnread(true);
    }
    render(message);
  }

  function feedbackBar(messageId) {
    const thanks = h('span', { role: 'status' });
    const bar = h('div', { class: 'rate', role: 'group', 'aria-label': t.rate });
    for (const [rating, label] of [['up', t.helpful], ['down', t.notHelpful]]) {
      bar.append(h('button', {
        type: 'button', class: 'icon ' + rating, 'aria-label': label, title: label,
        'aria-pressed': String(state.rated[messageId] === rating), onclick: () => rate(messageId, rating, bar, thanks),
      }, icon('thumb')));
    }
    bar.append(thanks);
    return bar;
  }

  async function rate(messageId, rating, bar, thanks) {
    const result = await api('/api/agent/feedback', {
      method: 'POST', body: { thread_id: state.threadId, message_id: messageId, rating },
    }).catch(() => null);
    if (!result || result.status !== 204) return showError(t.error);
    showError('');
    for (const button of bar.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.classList.contains(rating)));
    thanks.textContent = t.thanks;
    state.rated[messageId] = rating;
    persist();
  }

  // ---- Sending
  async function submit() {
    const text = ui.input.value.trim();
    if (!text || busy) return;
    busy = true;
    showError('');
    ui.input.value = '';
    const local = { text, item: render({ role: 'user', content: text }) };
    unconfirmed.push(local);
    ui.typing.hidden = state.status === 'human';
    scrollToEnd();
    let result = await post(text);
    if (result && state.threadId && (result.status === 404 || (result.status === 403 && errorCode(result) === 'forbidden'))) {
      // Gone (or its token), or another signed-in user's: carry on in a new one, without the old transcript.
      if (result.status === 403) clearLog(local.item);
      forgetThread();
      result = await post(text);
    }
    ui.typing.hidden = true;
    busy = false;
    if (!result || result.status !== 200 || !result.data) {
      unconfirmed.splice(unconfirmed.indexOf(local), 1);
      local.item.remove();
      if (!ui.input.value) ui.input.value = text;
      const status = result ? result.status : 0;
      showError(status === 429 ? t.slowDown.replace('{s}', result.retryAfter) : status === 422 ? t.invalid : t.error);
      return;
    }
    const answer = result.data;
    if (answer.thread_token) {
      state.threadId = answer.thread_id;
      state.token = answer.thread_token;
      follow();
    }
    if (answer.verified) state.owner = subjectOf(result.jwt);
    persist();
    receive(answer.message);
    setStatus(answer.status);
    requestAnimationFrame(() => {
      mark('rendered');
      measure('answer', 'send', 'rendered');
      measure('answer-client', 'response', 'rendered');
    });
  }

  async function post(text) {
    const body = { user_msg: text, channel: 'web' };
    if (state.threadId) body.thread_id = state.threadId;
    const headers = {};
    const jwt = await userToken();
    if (jwt) headers.Authorization = 'Bearer ' + jwt;
    mark('send');
    const result = await api('/api/agent/messages', { method: 'POST', body, headers }).catch(() => null);
    mark('response');
    if (result) result.jwt = jwt;
    return result;
  }

  // A JWT's sub, read without verifying it (supportd does that): only to tell whose thread this is.
  const subjectOf = (jwt) => {
    try { return String(JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub || ''); } catch (e) { return ''; }
  };

  function forgetThread() {
    stopFollowing();
    state.threadId = '';
    state.token = '';
    state.rated = {};
    state.owner = '';
    persist();
    setStatus('bot');
  }

  const errorCode = (result) => result.data && result.data.error && result.data.error.code;

  // keep: the message being sent, which stays on screen.
  function clearLog(keep) {
    shown.clear();
    unconfirmed.splice(0, unconfirmed.length, ...unconfirmed.filter((local) => local.item === keep));
    ui.log.replaceChildren(h('p', { class: 'greet', text: t.greeting }), ...(keep ? [keep] : []));
  }

  function restart() {
    forgetThread();
    clearLog();
    showError('');
    ui.input.focus();
  }

  // ---- Following the thread: its event stream, or polling when that is not possible
  async function loadTranscript() {
    const threadId = state.threadId;
    const result = await api(`/api/agent/thread/${encodeURIComponent(threadId)}?limit=50`).catch(() => null);
    if (!result || threadId !== state.threadId) return;
    if (result.status === 404) return forgetThread();
    if (result.status !== 200 || !result.data) return;
    for (const message of result.data.messages || []) receive(message);
    setStatus(result.data.status);
  }

  function follow() {
    stopFollowing();
    if (!state.threadId) return;
    if (!window.EventSource) return startPolling();
    const query = '?token=' + encodeURIComponent(state.token);
    events = new EventSource(`${server}/api/agent/thread/${encodeURIComponent(state.threadId)}/events${query}`);
    const data = (event) => { try { return JSON.parse(event.data); } catch (e) { return null; } };
    events.addEventListener('message.added', (event) => receive(data(event)));
    events.addEventListener('thread.status', (event) => { const change = data(event); if (change) setStatus(change.status); });
    events.addEventListener('reset', loadTranscript); // events were missed: read the thread again
    events.addEventListener('open', () => { clearInterval(pollTimer); pollTimer = 0; });
    events.addEventListener('error', () => {
      // EventSource retries by itself; once it has given up (an error status, CORS), poll instead.
      if (events && events.readyState === EventSource.CLOSED) {
        events = null;
        startPolling();
      }
    });
  }

  function startPolling() {
    if (pollTimer) return;
    let ticks = 0;
    pollTimer = setInterval(() => {
      ticks += 1;
      if (!state.threadId) return stopFollowing();
      loadTranscript();
      if (window.EventSource && !events && ticks % 10 === 0) follow(); // try the stream again now and then
    }, 4000);
  }

  function stopFollowing() {
    if (events) events.close();
    events = null;
    clearInterval(pollTimer);
    pollTimer = 0;
  }

  // ---- Start
  // waited: the script ran before the page's body existed; its first render then starts with the body.
  function start(waited) {
    mark('mount');
    buildLauncher();
    mark('shown');
    measure('first-render', waited ? 'mount' : 'start', 'shown');
    // The frame the button first appears in (the page's own first layout and paint included).
    requestAnimationFrame(() => { mark('frame'); measure('first-frame', waited ? 'mount' : 'start', 'frame'); });
    document.addEventListener('click', (event) => {
      const opener = event.target.closest && event.target.closest('[data-support-widget-open]');
      if (opener) {
        event.preventDefault();
        open();
      }
    });
    const reopen = load(sessionStorage, storageKey + ':open');
    if (!state.threadId && !reopen) return;
    setTimeout(async () => { // after the first render
      buildPanel();
      // A signed-in user's conversation is not shown once they signed out or someone else signed in.
      if (state.owner && state.owner !== subjectOf(await userToken())) forgetThread();
      if (state.threadId) {
        follow(); // from now on, then what came before: nothing falls between
        loadTranscript();
      }
      if (reopen) open();
    });
  }

  window.SupportWidget = { open: () => ui.launcher && open(), close: () => ui.panel && close(), version: 1 };
  if (document.body) start(false);
  else document.addEventListener('DOMContentLoaded', () => start(true), { once: true });
})();
