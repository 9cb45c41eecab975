; Syntax highlighting for the emend edition markup.
;
; Capture names follow the common tree-sitter / nvim-treesitter conventions
; (@markup.*, @label, @keyword, @number, @constant, @property, …); all but
; @markup.strong and @label are also in the list that
; `tree-sitter highlight --check` accepts (which calls bold @markup.bold). The block
; markers `#`, `-`, `*`, `•`, `[@` and `[=` are hidden tokens of the
; grammar, so headings, list items and register entries are highlighted
; through their nodes and labels.

; ----- headings and metadata -------------------------------------------------

(document_heading) @markup.heading

(division_heading) @markup.heading

(subheading) @markup.heading

(document_heading
  (document_number) @number
  "." @punctuation.delimiter)

(metadata
  key: (metadata_key) @property
  ":" @punctuation.delimiter)

(metadata
  value: (metadata_value) @string)

; ----- blocks ------------------------------------------------------------------

(list_item
  (label) @markup.list)

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

(strong) @markup.strong

(emphasis
  "*" @punctuation.delimiter)

(strong
  "**" @punctuation.delimiter)

(escape) @string.escape

(line_break) @string.escape

(footnote_reference
  "[^" @punctuation.special
  label: (footnote_label) @label
  "]" @punctuation.special)

; Page breaks of the printed volume are not part of the text.
(page_break) @comment

(person_mention
  text: (mention_text) @markup.link
  id: (mention_id) @constant)

(term_mention
  text: (mention_text) @markup.link
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
  text: (mention_text) @markup.link
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
] @markup.link

(keyword) @keyword

(number) @number

(placeholder) @constant.builtin

(volume_citation) @string.special

(subtitle) @string.special
