/**
 * JavaScript run once inside each QuickJS context. It keeps the VoiceXML scope chain as an array
 * of plain objects (`__rx.s`): session, application, document, dialog, then anonymous scopes.
 * Expressions are evaluated inside nested `with` statements over that array, which gives exactly
 * VoiceXML's lookup order (innermost first) with real ECMAScript semantics.
 *
 * `var` and function declarations in a <script> hoist to the global object; `sweep` moves every
 * global the document created into the innermost scope, so they land where VoiceXML 2.0 §5.3.12
 * says they belong.
 */
export const sandboxPrelude = `
var __rx = (function () {
  var g = globalThis;
  var has = Object.prototype.hasOwnProperty;
  var baseline = Object.create(null);
  Object.getOwnPropertyNames(g).forEach(function (n) { baseline[n] = 1; });
  baseline.__rx = 1;
  var rx = { s: [], n: [], saved: [], tmp: undefined };
  function mk(name) {
    var o = Object.create(null);
    if (name !== 'anonymous') Object.defineProperty(o, name, { value: o, enumerable: false, writable: false });
    return o;
  }
  rx.push = function (name) { rx.s.push(mk(name)); rx.n.push(name); };
  rx.pop = function () { rx.s.pop(); rx.n.pop(); };
  rx.sweep = function () {
    var top = rx.s[rx.s.length - 1];
    Object.getOwnPropertyNames(g).forEach(function (n) {
      if (!baseline[n]) { top[n] = g[n]; delete g[n]; }
    });
  };
  rx.find = function (name) {
    for (var i = rx.s.length - 1; i >= 0; i--) if (has.call(rx.s[i], name)) return rx.s[i];
    return null;
  };
  rx.declare = function (name, value) { rx.s[rx.s.length - 1][name] = value; };
  rx.declareIn = function (scope, name, value) {
    var i = rx.n.lastIndexOf(scope);
    if (i < 0) throw new Error('no ' + scope + ' scope');
    rx.s[i][name] = value;
  };
  rx.setDeclared = function (name, value) {
    var o = rx.find(name);
    if (!o) return false;
    o[name] = value;
    return true;
  };
  rx.json = function (text) { return text === '' ? undefined : JSON.parse(text); };
  rx.save = function (keep) {
    rx.saved.push({ s: rx.s, n: rx.n });
    rx.s = rx.s.slice(0, keep);
    rx.n = rx.n.slice(0, keep);
  };
  rx.restore = function () {
    var t = rx.saved.pop();
    rx.s = t.s;
    rx.n = t.n;
  };
  rx.str = function (v) { return v === undefined ? '' : (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)); };
  rx.dom = function (node) {
    if (node === null || typeof node !== 'object') return node;
    if (node.nodeType === 3) return node;
    node.childNodes.forEach(function (c) { rx.dom(c); });
    if (node.nodeType === 9) node.documentElement = node.childNodes[0] || null;
    node.firstChild = node.childNodes[0] || null;
    node.lastChild = node.childNodes[node.childNodes.length - 1] || null;
    node.getAttribute = function (a) { return has.call(node.attributes, a) ? node.attributes[a] : ''; };
    node.getElementsByTagName = function (tag) {
      var out = [];
      (function walk(n) {
        n.childNodes.forEach(function (c) {
          if (c.nodeType === 1) { if (tag === '*' || c.nodeName === tag) out.push(c); walk(c); }
        });
      })(node);
      out.item = function (i) { return out[i] || null; };
      return out;
    };
    return node;
  };
  return rx;
})();
`;
