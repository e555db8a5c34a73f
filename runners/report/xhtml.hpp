// SPDX-License-Identifier: Apache-2.0
// Building XML documents with pugixml: the XHTML pages (well-formed XML that browsers also read
// as HTML, polyglot markup) and junit.xml. Every text and attribute value goes through add(),
// attr() or text(): escape::xml() makes control characters visible (XML 1.0 cannot carry them)
// and pugixml escapes the markup.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include <pugixml.hpp>

namespace lc::report::xhtml {

using Attrs = std::initializer_list<std::pair<const char*, std::string>>;

// Appends <tag attrs>text</tag> to `parent` and returns it.
pugi::xml_node add(pugi::xml_node parent, const char* tag, const std::string& text = {}, Attrs attrs = {});
// Sets attribute `name` of `node`.
void attr(pugi::xml_node node, const char* name, const std::string& value);
// Appends text to `parent`.
void text(pugi::xml_node parent, const std::string& text);
// Appends text to `parent` with a <wbr/> (a line may break there) before each character of
// `before` and after each of `after`: long ids and snake_case headers then wrap where they read
// well, and a table of them fits a narrow window.
void breakable_text(pugi::xml_node parent, const std::string& text, std::string_view before, std::string_view after);
// <a href=url>text</a> for an http(s) URL; text otherwise, followed by any other URL as
// <code class="not-a-link"> (javascript: and the like are shown, never linked).
void link_or_text(pugi::xml_node parent, const std::string& url, const std::string& text);

// A new page: <!DOCTYPE html><html xmlns=...><head><meta charset/><title/><style/></head><body/>.
// The CSS must not contain '<', '>' or '&' (HTML reads <style> as raw text, unescaped).
struct Page {
  pugi::xml_document doc;
  pugi::xml_node head;
  pugi::xml_node body;
};
void start_page(Page& page, const std::string& title, const std::string& css);

// The page as text: indented, no XML declaration, every empty non-void HTML element written as
// <x></x> (HTML parsers ignore "/>" on them).
std::string serialize(Page& page);

// The CSS of every page (verdict colours, tables, the chart).
const std::string& base_css();

}  // namespace lc::report::xhtml
