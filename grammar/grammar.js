/**
 * Tree-sitter grammar for the emend edition markup, version 1.
 *
 * The block structure (where a line ends a block, continues it, or starts a
 * metadata line) and the natural-language references ("Document 256",
 * "footnote 6, Document 236", "Foreign Relations, 1964–1968, vol. II, …")
 * are decided by the external scanner in src/scanner.c, because both need
 * to look ahead further than a regular expression can. Plain text is one
 * token per run, so the tree stays small and parsing stays fast.
 *
 * See docs/markup-decisions.md in the repository for the choices made where
 * the markup specification is silent.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const LABEL = /[A-Za-z0-9][A-Za-z0-9_.-]*/;

module.exports = grammar({
  name: 'emend',

  // Nothing is skipped silently: white space is part of text tokens or of
  // the scanner's separator tokens, so byte ranges are exact.
  extras: (_) => [],

  externals: ($) => [
    $.text,
    $._block_end,
    $._meta_break,
    $._continuation_paragraph,
    $._quote_continuation,
    $._document_keyword,
    $._documents_keyword,
    $._footnote_keyword,
    $.volume_citation,
    $._ref_space,
    $._list_separator,
    $._range_dash,
    $._join,
    $._volume_join,
    $.subtitle,
    $.label,
    $.document_number,
    $._bullet,
    $._person_entry_start,
    $._term_entry_start,
    $._definition_close,
    $._h1,
    $._h2,
    $._error_sentinel,
    $.block_style,
    $._row_start,
    $._row_break,
    $.line_break,
  ],

  conflicts: (_) => [],

  // Hidden rules that only group alternatives are inlined: they would
  // otherwise be invisible nodes that every parse builds and every walk
  // steps through.
  inline: ($) => [$._block, $._inline, $._document_item],

  rules: {
    source_file: ($) =>
      seq(
        optional($._block_end),
        repeat($._block),
        repeat($.section),
        repeat(choice($.document, $.division)),
      ),

    // ----- headings and their scopes ---------------------------------------

    document: ($) =>
      prec.right(seq($.document_heading, repeat($._block), repeat($.section))),

    division: ($) =>
      prec.right(seq($.division_heading, repeat($._block), repeat($.section))),

    section: ($) => prec.right(seq($.subheading, repeat($._block))),

    document_heading: ($) =>
      seq(
        $._h1,
        $.document_number,
        token.immediate('.'),
        optional(field('title', $.title)),
        $._heading_end,
      ),

    division_heading: ($) =>
      seq($._h1, optional(field('title', $.title)), $._heading_end),

    subheading: ($) =>
      seq($._h2, optional(field('title', $.title)), $._heading_end),

    // `#` and `##`…`######` with the white space after them. They are
    // scanned externally, so that the scanner knows when it is on a heading
    // line: a heading and its metadata lines are one line each, and no text,
    // bracket, emphasis or reference phrase in them runs on to the next line.

    title: ($) => repeat1($._inline),

    _heading_end: ($) =>
      seq(repeat(seq($._meta_break, $.metadata)), $._block_end),

    metadata: ($) =>
      seq(
        field('key', $.metadata_key),
        token.immediate(':'),
        optional(field('value', $.metadata_value)),
      ),

    metadata_key: (_) => /[A-Z][a-z]+/,

    metadata_value: ($) => repeat1($._inline),

    // ----- blocks ---------------------------------------------------------

    _block: ($) =>
      choice(
        $.paragraph,
        $.table,
        $.list,
        $.block_quote,
        $.footnote_definition,
        $.person_entry,
        $.term_entry,
      ),

    // `{.center} text`: a paragraph set in a way the markup has no other
    // sign for (TEI `p/@rend`). Scanned externally, because only at the
    // start of a paragraph are the braces a style rather than text.
    paragraph: ($) =>
      seq(optional(field('style', $.block_style)), repeat1($._inline), $._block_end),

    // `| Country | 1965 |`: one row per line, cells between `|`s. What a
    // row means (a header above `|---|`, a cell spanning the columns of the
    // `|`s after it, `^^` under a cell that spans rows) is read from the
    // tree, not parsed.
    table: ($) =>
      seq($.table_row, repeat(seq($._row_break, $.table_row)), $._block_end),

    table_row: ($) =>
      seq($._row_start, repeat(seq(optional($.cell), '|')), optional($.cell)),

    // `| {.num} 1.3 |`: a cell's role (TEI `cell/@role`).
    cell: ($) =>
      prec.right(
        choice(
          seq(field('style', $.block_style), repeat($._inline)),
          repeat1($._inline),
        ),
      ),

    list: ($) => prec.right(repeat1($.list_item)),

    // `- {.sources} …`: a style on an item begins a list of that type
    // (TEI `list/@type`), also of a list nested in an item.
    list_item: ($) =>
      seq(
        $._bullet,
        optional(field('style', $.block_style)),
        optional($.label),
        optional($.body),
        repeat(seq($._continuation_paragraph, $.body)),
        $._block_end,
      ),

    block_quote: ($) =>
      seq(
        $._quote_marker,
        optional($.body),
        repeat(seq($._quote_continuation, optional($.body))),
        $._block_end,
      ),

    _quote_marker: (_) => token(seq('>', optional(/[ \t]+/))),

    footnote_definition: ($) =>
      seq(
        '[^',
        field('label', alias(token.immediate(LABEL), $.footnote_label)),
        $._definition_close,
        // `[^1]: {.source} For previous documentation, see …`: the note's
        // type (TEI `note/@type`).
        optional(field('style', $.block_style)),
        $._definition_rest,
      ),

    person_entry: ($) =>
      seq(
        $._person_entry_start,
        field('id', alias(token.immediate(LABEL), $.entry_id)),
        $._definition_close,
        $._definition_rest,
      ),

    term_entry: ($) =>
      seq(
        $._term_entry_start,
        field('id', alias(token.immediate(LABEL), $.entry_id)),
        $._definition_close,
        $._definition_rest,
      ),

    _definition_rest: ($) =>
      seq(
        optional($.body),
        repeat(seq($._continuation_paragraph, $.body)),
        $._block_end,
      ),

    // One paragraph of a list item, block quote or definition.
    body: ($) => repeat1($._inline),

    // ----- inline constructs ------------------------------------------------

    _inline: ($) =>
      choice(
        $.text,
        $.escape,
        $.line_break,
        $.footnote_reference,
        $.page_break,
        $.person_mention,
        $.term_mention,
        $.styled,
        $.explicit_reference,
        $.editorial,
        $.emphasis,
        $.strong,
        $.document_phrase,
        $.documents_phrase,
        $.footnote_phrase,
        $.volume_phrase,
      ),

    escape: (_) => /\\[!-\/:-@\[-`{-~]/,

    footnote_reference: ($) =>
      seq(
        '[^',
        field('label', alias(token.immediate(LABEL), $.footnote_label)),
        token.immediate(']'),
      ),

    // `[Page [XIV]]`: a page the volume does not number, its number
    // inferred; `[Page []]`: one without a number; `[Page A1]`: a page
    // numbered apart from the volume's arabic and roman sequences (a
    // cover or an insert).
    page_break: (_) =>
      token(
        seq(
          '[Page',
          /[ \t]+/,
          choice(
            /[0-9]+/,
            /[IVXLCDMivxlcdm]+/,
            /[A-Z][0-9]+/,
            seq('[', optional(choice(/[0-9]+/, /[IVXLCDMivxlcdm]+/)), ']'),
          ),
          ']',
        ),
      ),

    person_mention: ($) =>
      seq(
        '[',
        field('text', $.mention_text),
        token.immediate(']{@'),
        optional(field('id', alias(token.immediate(LABEL), $.mention_id))),
        optional($._mention_role),
        token.immediate('}'),
      ),

    term_mention: ($) =>
      seq(
        '[',
        field('text', $.mention_text),
        token.immediate(']{='),
        optional(field('id', alias(token.immediate(LABEL), $.mention_id))),
        optional($._mention_role),
        token.immediate('}'),
      ),

    // `[Mr. Fish]{@ to}`, `[Francis]{@FDR1 to}`: the part the person or
    // term plays in a heading (TEI `@type`).
    _mention_role: ($) =>
      seq(
        token.immediate(/[ ]+/),
        field('role', alias(token.immediate(/[a-z][a-z-]*/), $.mention_role)),
      ),

    // `[Department of State]{.smallcaps}`: text set in a way the markup has
    // no other sign for (TEI `hi/@rend`).
    styled: ($) =>
      seq(
        '[',
        field('text', $.mention_text),
        token.immediate(']{.'),
        field('style', alias(token.immediate(/[a-z][a-zA-Z0-9-]*/), $.style_name)),
        token.immediate('}'),
      ),

    explicit_reference: ($) =>
      seq(
        '[',
        field('text', $.mention_text),
        token.immediate(']('),
        field('target', alias(token.immediate(/[^)\s]+/), $.target)),
        token.immediate(')'),
      ),

    editorial: ($) => seq('[', optional(alias($.mention_text, $.content)), ']'),

    mention_text: ($) => repeat1($._inline),

    emphasis: ($) => prec.left(seq('*', repeat1($._inline), '*')),

    strong: ($) => prec.left(seq('**', repeat1($._inline), '**')),

    // ----- natural-language references -----------------------------------

    document_phrase: ($) =>
      seq(
        alias($._document_keyword, $.keyword),
        $._ref_space,
        field('number', choice($.number, $.placeholder)),
      ),

    documents_phrase: ($) =>
      prec.right(
        seq(
          alias($._documents_keyword, $.keyword),
          $._ref_space,
          $._document_item,
          repeat(seq($._list_separator, $._document_item)),
        ),
      ),

    _document_item: ($) => choice($.number, $.range),

    range: ($) => seq($.number, $._range_dash, $.number),

    footnote_phrase: ($) =>
      prec.right(
        seq(
          alias($._footnote_keyword, $.keyword),
          $._ref_space,
          field('footnote', choice($.number, $.placeholder)),
          optional(seq($._join, field('document', $.document_phrase))),
        ),
      ),

    volume_phrase: ($) =>
      prec.right(
        seq(
          $.volume_citation,
          optional($.subtitle),
          optional(
            seq(
              $._volume_join,
              field('document', choice($.document_phrase, $.documents_phrase)),
            ),
          ),
        ),
      ),

    number: (_) => /[0-9]+[a-z]?/,

    placeholder: (_) => choice('XX', 'TK', 'TBD', 'X'),
  },
});
