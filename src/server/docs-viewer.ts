/**
 * A small, self-contained viewer for the OpenAPI document at /api/docs: no CDN, no framework, so it
 * works on an isolated network. It lists the operations by tag with who may call them, their
 * parameters, request and response schemas (expandable), resolving $refs.
 */

export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>回款 Huikuan API</title>
<link rel="stylesheet" href="/api/docs/viewer.css">
</head>
<body>
<header><h1>回款 Huikuan API</h1><p id="meta">…</p>
<p><a href="/api/openapi.json">openapi.json</a> · <input id="filter" type="search" placeholder="筛选 / filter" aria-label="filter"></p></header>
<main id="ops"></main>
<script src="/api/docs/viewer.js"></script>
</body>
</html>`;

export const DOCS_CSS = `body{font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#1677ff;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}header a{color:#fff}
#filter{padding:4px 8px;border-radius:4px;border:0;min-width:240px}
main{padding:12px 24px;max-width:1200px}h2{margin:24px 0 8px;font-size:17px}
details.op{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0}
details.op>summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:baseline}
.m{font-weight:700;font-family:ui-monospace,monospace;min-width:56px;text-transform:uppercase}
.get{color:#1a7f37}.post{color:#0969da}.put{color:#9a6700}.patch{color:#8250df}.delete{color:#cf222e}
.p{font-family:ui-monospace,monospace}.s{color:#57606a}.roles{margin-left:auto;color:#57606a;font-size:12px}
.body{padding:4px 16px 12px;border-top:1px solid #d0d7de}pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px;max-height:420px}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:2px 8px;text-align:left;font-size:13px}`;

export const DOCS_JS = `(function () {
  'use strict';
  var ops = document.getElementById('ops');
  var meta = document.getElementById('meta');
  var filter = document.getElementById('filter');
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function resolve(doc, schema, depth) {
    if (!schema || depth > 8) return schema;
    if (schema.$ref) {
      var name = schema.$ref.split('/').pop();
      var target = (doc.components && doc.components.schemas && doc.components.schemas[name]) || {};
      return Object.assign({ title: name }, resolve(doc, target, depth + 1));
    }
    var out = Array.isArray(schema) ? [] : {};
    Object.keys(schema).forEach(function (k) {
      var v = schema[k];
      out[k] = v && typeof v === 'object' ? resolve(doc, v, depth + 1) : v;
    });
    return out;
  }
  function schemaBlock(doc, title, schema) {
    var d = el('details', {}, [el('summary', {}, [title])]);
    d.appendChild(el('pre', {}, [JSON.stringify(resolve(doc, schema, 0), null, 2)]));
    return d;
  }
  function render(doc) {
    meta.textContent = doc.info.title + ' ' + doc.info.version + ' — ' + (doc.info.description || '');
    var byTag = {};
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var tag = (op.tags && op.tags[0]) || 'other';
        (byTag[tag] = byTag[tag] || []).push({ path: path, method: method, op: op });
      });
    });
    Object.keys(byTag).sort().forEach(function (tag) {
      var section = el('section', { 'data-tag': tag }, [el('h2', {}, [tag])]);
      byTag[tag].forEach(function (o) {
        var op = o.op;
        var roles = (op['x-roles'] || []).join(', ');
        var d = el('details', { class: 'op', 'data-text': (o.method + ' ' + o.path + ' ' + (op.summary || '') + ' ' + roles).toLowerCase() }, [
          el('summary', {}, [el('span', { class: 'm ' + o.method }, [o.method]), el('span', { class: 'p' }, [o.path]),
            el('span', { class: 's' }, [op.summary || '']), el('span', { class: 'roles' }, [roles])])
        ]);
        var body = el('div', { class: 'body' }, []);
        if (op.description) body.appendChild(el('p', {}, [op.description]));
        if (op.parameters && op.parameters.length) {
          var t = el('table', {}, [el('tr', {}, [el('th', {}, ['name']), el('th', {}, ['in']), el('th', {}, ['required']), el('th', {}, ['schema'])])]);
          op.parameters.forEach(function (p) {
            t.appendChild(el('tr', {}, [el('td', {}, [p.name]), el('td', {}, [p.in]), el('td', {}, [p.required ? 'yes' : '']), el('td', {}, [JSON.stringify(p.schema)])]));
          });
          body.appendChild(t);
        }
        if (op.requestBody) Object.keys(op.requestBody.content || {}).forEach(function (ct) {
          body.appendChild(schemaBlock(doc, 'request ' + ct, op.requestBody.content[ct].schema));
        });
        Object.keys(op.responses || {}).forEach(function (status) {
          var r = op.responses[status];
          var content = r.content && (r.content['application/json'] || r.content[Object.keys(r.content)[0]]);
          body.appendChild(content ? schemaBlock(doc, status + ' ' + r.description, content.schema) : el('p', {}, [status + ' ' + r.description]));
        });
        d.appendChild(body);
        section.appendChild(d);
      });
      ops.appendChild(section);
    });
  }
  filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    document.querySelectorAll('details.op').forEach(function (d) {
      d.style.display = !q || d.getAttribute('data-text').indexOf(q) >= 0 ? '' : 'none';
    });
  });
  fetch('/api/openapi.json').then(function (r) { return r.json(); }).then(render, function (e) {
    meta.textContent = 'Cannot load /api/openapi.json: ' + e;
  });
})();`;
