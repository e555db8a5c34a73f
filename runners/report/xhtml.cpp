// SPDX-License-Identifier: Apache-2.0
#include "xhtml.hpp"

#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>

#include "escape.hpp"

namespace lc::report::xhtml {
namespace {

bool is_void_element(const char* name) {
  static const std::set<std::string> kVoid = {"area", "base", "br", "col", "embed", "hr", "img",
                                              "input", "link", "meta", "source", "track", "wbr"};
  return kVoid.count(name) > 0;
}

// HTML elements outside <svg> that have no children get an empty text child, so that they are
// written <td></td>: "<td/>" would open an element that never closes in an HTML parser.
void close_empty_elements(pugi::xml_node node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    if (std::strcmp(child.name(), "svg") == 0) continue;
    if (!child.first_child() && !is_void_element(child.name())) child.append_child(pugi::node_pcdata);
    close_empty_elements(child);
  }
}

}  // namespace

pugi::xml_node add(pugi::xml_node parent, const char* tag, const std::string& text, Attrs attrs) {
  pugi::xml_node node = parent.append_child(tag);
  for (const auto& [name, value] : attrs) attr(node, name, value);
  if (!text.empty()) xhtml::text(node, text);
  return node;
}

void attr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(escape::xml(value).c_str());
}

void breakable_text(pugi::xml_node parent, const std::string& text, std::string_view before, std::string_view after) {
  std::string piece;
  for (const char c : text) {
    if (before.find(c) != std::string_view::npos && !piece.empty()) {
      xhtml::text(parent, piece);
      parent.append_child("wbr");
      piece.clear();
    }
    piece += c;
    if (after.find(c) != std::string_view::npos) {
      xhtml::text(parent, piece);
      parent.append_child("wbr");
      piece.clear();
    }
  }
  if (!piece.empty()) xhtml::text(parent, piece);
}

void text(pugi::xml_node parent, const std::string& text) {
  parent.append_child(pugi::node_pcdata).set_value(escape::xml(text).c_str());
}

void link_or_text(pugi::xml_node parent, const std::string& url, const std::string& label) {
  if (url.empty()) {
    text(parent, label);
  } else if (const auto target = escape::link_target(url)) {
    add(parent, "a", label, {{"href", *target}});
  } else {
    text(parent, label + " ");
    add(parent, "code", url, {{"class", "not-a-link"}, {"title", "not an http(s) URL: shown, not linked"}});
  }
}

void start_page(Page& page, const std::string& title, const std::string& css) {
  if (css.find_first_of("<>&") != std::string::npos) throw std::logic_error("CSS must not contain <, > or &");
  page.doc.reset();
  page.doc.append_child(pugi::node_doctype).set_value("html");
  pugi::xml_node html = add(page.doc, "html", {}, {{"xmlns", "http://www.w3.org/1999/xhtml"}, {"lang", "en"}});
  page.head = add(html, "head");
  add(page.head, "meta", {}, {{"charset", "utf-8"}});
  add(page.head, "meta", {}, {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
  add(page.head, "title", title);
  add(page.head, "style", css);
  page.body = add(html, "body");
}

std::string serialize(Page& page) {
  close_empty_elements(page.doc);
  std::ostringstream out;
  page.doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

const std::string& base_css() {
  static const std::string css = R"(
:root { --ok: #1a7f37; --bad: #cf222e; --drift: #9a6700; --skip: #57606a; --err: #8250df; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #1f2328; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.4em 0 1em; }
th, td { border: 1px solid #d0d7de; padding: 3px 7px; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.overflow, table.results, table.matrix { font-size: 0.92em; }
table.matrix td.id { white-space: nowrap; }
table.facts td { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; max-width: 100%; }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
.muted { color: #57606a; }
.answer { font-size: 1.15em; line-height: 1.45; margin: 0.4em 0 0.8em; max-width: 60em; }
.totals span { display: inline-block; margin-right: 0.6em; padding: 2px 9px; border-radius: 12px; font-weight: 600; color: #fff; }
.v-conforms { color: var(--ok); font-weight: 600; }
.v-deviates { color: var(--bad); font-weight: 600; }
.v-drift { color: var(--drift); font-weight: 600; }
.v-skipped { color: var(--skip); }
.v-error { color: var(--err); font-weight: 600; }
.totals .v-conforms { background: var(--ok); color: #fff; }
.totals .v-deviates { background: var(--bad); color: #fff; }
.totals .v-drift { background: var(--drift); color: #fff; }
.totals .v-skipped { background: var(--skip); color: #fff; }
.totals .v-error { background: var(--err); color: #fff; }
tr.row-drift td { background: #fff8c5; }
tr.row-deviates td { background: #ffebe9; }
tr.row-error td { background: #fbefff; }
td.cell-conforms { background: #dafbe1; }
td.cell-deviates { background: #ffebe9; }
td.cell-drift { background: #fff8c5; }
td.cell-skipped { background: #f6f8fa; color: #57606a; }
td.cell-error { background: #fbefff; }
td.cell-missing { background: #fff; color: #8c959f; }
.finding { border-left: 5px solid var(--bad); background: #ffebe9; padding: 0.5em 0.9em; margin: 0.7em 0; }
.finding.drift { border-left-color: #d4a72c; background: #fff8c5; }
.finding.error { border-left-color: var(--err); background: #fbefff; }
.finding ul { margin: 0.3em 0; padding-left: 1.3em; }
blockquote { margin: 0.3em 0 0.3em 0.5em; padding-left: 0.7em; border-left: 3px solid #d0d7de; color: #57606a; }
details summary { cursor: pointer; }
.chart { border: 1px solid #d0d7de; background: #fff; max-width: 100%; height: auto; }
.chart text { font: 11px system-ui, sans-serif; fill: #57606a; }
.chart .axis { stroke: #8c959f; stroke-width: 1; }
.chart .grid { stroke: #eaeef2; stroke-width: 1; }
.chart .expected { fill: none; stroke-width: 2; stroke-dasharray: 6 4; opacity: 0.75; }
.chart .observed { fill: none; stroke-width: 2; }
.chart circle.drift-point { fill: none; stroke: #d4a72c; stroke-width: 3; }
.chart circle.fail-point { fill: none; stroke: var(--bad); stroke-width: 3; }
.legend { font-size: 0.92em; }
.legend span.swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin: 0 4px 0 10px; }
.legend span.swatch.dashed { border-top-style: dashed; }
)";
  return css;
}

}  // namespace lc::report::xhtml
