; Syntax highlighting for the emend edition markup in Helix: the queries of
; grammar/queries/highlights.scm with Helix's scope names (@constant.numeric,
; @markup.bold, @markup.link.text, @attribute, …).

; ----- headings and metadata -------------------------------------------------

(document_heading) @markup.heading

(division_heading) @markup.heading

(subheading) @markup.heading

(document_heading
  (document_number) @constant.numeric
  "." @punctuation.delimiter)

(metadata
  key: (metadata_key) @attribute
  ":" @punctuation.delimiter)

(metadata
  value: (metadata_value) @string)

; ----- blocks ------------------------------------------------------------------

(list_item
  (label) @markup.list.numbered)

(block_quote) @markup.quote

(footnote_definition
  "[^" @punctuation.special
  label: (footnote_label) @label)

(person_entry
  id: (entry_id) @label)

(term_entry
  id: (entry_id) @label)

; ----- inline constructs -------------------------------------------------------

(emphasis) @markup.italic

(strong) @markup.bold

(emphasis
  "*" @punctuation.delimiter)

(strong
  "**" @punctuation.delimiter)

(escape) @constant.character.escape

(line_break) @constant.character.escape

(footnote_reference
  "[^" @punctuation.special
  label: (footnote_label) @label
  "]" @punctuation.special)

; Page breaks of the printed volume are not part of the text.
(page_break) @comment

(person_mention
  text: (mention_text) @markup.link.text
  id: (mention_id) @constant)

(term_mention
  text: (mention_text) @markup.link.text
  id: (mention_id) @constant)

; The part a person or term plays in a heading: `{@FDR1 to}`.
(mention_role) @attribute

; Text set in a way the markup has no other sign for: `[Note]{.smallcaps}`,
; `{.center} Secret`.
(styled
  style: (style_name) @attribute)

(styled
  [
    "["
    "]{."
    "}"
  ] @punctuation.special)

(block_style) @attribute

; Tables: `| Country | 1965 |`.
(table_row
  "|" @punctuation.delimiter)

(explicit_reference
  text: (mention_text) @markup.link.text
  target: (target) @markup.link.url)

(person_mention
  [
    "["
    "]{@"
    "}"
  ] @punctuation.special)

(term_mention
  [
    "["
    "]{="
    "}"
  ] @punctuation.special)

(explicit_reference
  [
    "["
    "]("
    ")"
  ] @punctuation.special)

(editorial
  [
    "["
    "]"
  ] @punctuation.bracket)

; ----- natural-language references -------------------------------------------

[
  (document_phrase)
  (documents_phrase)
  (footnote_phrase)
  (volume_phrase)
] @markup.link.text

(keyword) @keyword

(number) @constant.numeric

(placeholder) @constant.builtin

(volume_citation) @string.special

(subtitle) @string.special
