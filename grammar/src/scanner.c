// External scanner for the emend edition markup.
//
// It owns three decisions that need more look-ahead than the generated lexer
// has:
//  1. what a line end means: a soft break inside a block (then it is part of
//     a text token), the end of a block, the start of a metadata line after
//     a heading, or a further indented paragraph of a definition;
//  2. where plain text stops: before inline markup, and before a word that
//     begins a natural-language reference ("Document 256", "footnote 6, …",
//     "Foreign Relations, 1964–1968, vol. II, …");
//  3. the separators inside such references ("12, 14, and 16", "118–120",
//     ", Document", " to Document", a volume subtitle).
// It also scans the heading markers `#` … `######`, so that it knows when it
// is on a heading line (a heading and its metadata lines are one line each).
// Every other decision is made from the text ahead and from which tokens the
// parser can accept; see Scanner for the two bits of state.

#include "tree_sitter/alloc.h"
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <wctype.h>

enum TokenType {
  TEXT,
  BLOCK_END,
  META_BREAK,
  CONTINUATION_PARAGRAPH,
  QUOTE_CONTINUATION,
  DOCUMENT_KEYWORD,
  DOCUMENTS_KEYWORD,
  FOOTNOTE_KEYWORD,
  VOLUME_CITATION,
  REF_SPACE,
  LIST_SEPARATOR,
  RANGE_DASH,
  JOIN,
  VOLUME_JOIN,
  SUBTITLE,
  LABEL,
  DOCUMENT_NUMBER,
  BULLET,
  PERSON_ENTRY_START,
  TERM_ENTRY_START,
  DEFINITION_CLOSE,
  H1,
  H2,
  ERROR_SENTINEL,
  BLOCK_STYLE,
  ROW_START,
  ROW_BREAK,
  LINE_BREAK,
};

// How far text may run: over soft line breaks, to the end of the line (a
// heading or metadata line), or to the end of a table cell (the line's end
// or a `|`).
typedef uint8_t Lines;
#define LINES_MULTI 0
#define LINES_SINGLE 1
#define LINES_CELL 2

// A subtitle between a volume citation and ", Document N" is searched for at
// most this far, so that a citation without a document costs little.
#define MAX_SUBTITLE 200

typedef enum {
  PHRASE_NONE,
  PHRASE_DOCUMENT,
  PHRASE_DOCUMENTS,
  PHRASE_FOOTNOTE,
  PHRASE_VOLUME,
} Phrase;

// Two bits of state, kept from one external token to the next:
// - `on_heading_line`: from a heading's `#` to the block end after it (its
//   metadata lines included). A heading line and a metadata line are one line
//   each: nothing on them, however nested, runs on to the next line.
// - `after_block_end`: the last token was a block end. It steers no decision;
//   it makes a block end a change of scanner state, which makes tree-sitter's
//   error recovery end an erroneous block at its blank line (recovering into
//   the block's state) instead of skipping the blank line and letting one
//   error run on over the following blocks.
// - `in_row`: from the `|` that starts a table row to the end of its line.
// - `in_item`: from a bullet to the block end after which no bullet follows.
//   Only inside a list item does an indented bullet line start an item (one
//   nested in it) rather than continue the text.
typedef struct {
  bool after_block_end;
  bool on_heading_line;
  bool in_item;
  bool in_row;
} Scanner;

void *tree_sitter_emend_external_scanner_create(void) {
  return ts_calloc(1, sizeof(Scanner));
}
void tree_sitter_emend_external_scanner_destroy(void *payload) { ts_free(payload); }
unsigned tree_sitter_emend_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = (Scanner *)payload;
  char bits = (char)((s->after_block_end ? 1 : 0) | (s->on_heading_line ? 2 : 0) |
                     (s->in_item ? 4 : 0) | (s->in_row ? 8 : 0));
  if (bits == 0) return 0;
  buffer[0] = bits;
  return 1;
}
void tree_sitter_emend_external_scanner_deserialize(void *payload, const char *buffer,
                                                    unsigned length) {
  Scanner *s = (Scanner *)payload;
  char bits = length > 0 ? buffer[0] : 0;
  s->after_block_end = (bits & 1) != 0;
  s->on_heading_line = (bits & 2) != 0;
  s->in_item = (bits & 4) != 0;
  s->in_row = (bits & 8) != 0;
}

// ----- character classes ---------------------------------------------------

static inline void advance(TSLexer *l) { l->advance(l, false); }

static inline bool is_newline(int32_t c) { return c == '\n' || c == '\r'; }
static inline bool is_space(int32_t c) { return c == ' ' || c == '\t'; }
static inline bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }
static inline bool is_lower(int32_t c) { return c >= 'a' && c <= 'z'; }
static inline bool is_upper(int32_t c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_alpha(int32_t c) { return is_lower(c) || is_upper(c); }
static inline bool is_word_char(int32_t c) {
  return is_alpha(c) || is_digit(c) || (c > 127 && iswalnum((wint_t)c));
}
static inline bool is_label_char(int32_t c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '-';
}
static inline bool is_dash(int32_t c) { return c == '-' || c == 0x2013; }
static inline bool is_ascii_punct(int32_t c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}
// First characters of the lines that can start a block at the left margin.
static inline bool is_marker_char(int32_t c) {
  return c == '#' || c == '-' || c == '*' || c == '>' || c == '[' || c == 0x2022;
}
static inline bool is_bullet_char(int32_t c) { return c == '-' || c == '*' || c == 0x2022; }
static inline bool is_roman(int32_t c) {
  return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' || c == 'M';
}

static void consume_newline(TSLexer *l) {
  if (l->lookahead == '\r') advance(l);
  if (l->lookahead == '\n') advance(l);
}

static unsigned skip_indent(TSLexer *l) {
  unsigned indent = 0;
  while (is_space(l->lookahead)) {
    indent += l->lookahead == '\t' ? 4 : 1;
    advance(l);
  }
  return indent;
}

// At the left margin: does this line start a block (heading, list item,
// block quote, or a footnote/person/term definition)? Consumes characters.
static bool line_starts_block(TSLexer *l) {
  int32_t c = l->lookahead;
  switch (c) {
    case '#': {
      unsigned n = 0;
      while (l->lookahead == '#' && n < 7) {
        advance(l);
        n++;
      }
      return n <= 6 && is_space(l->lookahead);
    }
    case '-':
    case '*':
    case 0x2022:
      advance(l);
      return is_space(l->lookahead);
    case '>':
      return true;
    case '[':
      advance(l);
      if (l->lookahead != '^' && l->lookahead != '@' && l->lookahead != '=') return false;
      advance(l);
      if (!is_alpha(l->lookahead) && !is_digit(l->lookahead)) return false;
      while (is_label_char(l->lookahead)) advance(l);
      if (l->lookahead != ']') return false;
      advance(l);
      return l->lookahead == ':';
    default:
      return false;
  }
}

// `Key:` at the left margin, the shape of a metadata line.
static bool line_is_metadata(TSLexer *l) {
  if (!is_upper(l->lookahead)) return false;
  advance(l);
  if (!is_lower(l->lookahead)) return false;
  while (is_lower(l->lookahead)) advance(l);
  return l->lookahead == ':';
}

// The white space between two words of a reference phrase: whether it
// crossed a line end, and whether it may (not on a heading or metadata line).
typedef struct {
  bool crossed;
  bool single_line;
} Gap;

static inline Gap gap(Lines single_line) {
  Gap g = {false, single_line != LINES_MULTI};
  return g;
}

// Skips the white space between two words of a reference phrase: spaces and
// tabs, and at most one line break onto a line that continues the block.
// Returns false when the space would end the block (blank line, end of file,
// a block marker at the left margin, any line end on a single-line block).
// Sets crossed when it passed a line end.
static bool skip_phrase_space(TSLexer *l, Gap *crossed) {
  while (is_space(l->lookahead)) advance(l);
  if (is_newline(l->lookahead)) {
    if (crossed->single_line) return false;
    crossed->crossed = true;
    consume_newline(l);
    unsigned indent = skip_indent(l);
    if (l->eof(l) || is_newline(l->lookahead)) return false;
    if (indent == 0 && is_marker_char(l->lookahead)) return false;
  }
  return true;
}

// Reads an ASCII word into buf (lower-case letters kept as written). Returns
// its length, or 0 when the word is longer than the buffer.
static unsigned read_word(TSLexer *l, char *buf, unsigned cap) {
  unsigned n = 0;
  while (is_alpha(l->lookahead)) {
    if (n + 1 >= cap) return 0;
    buf[n++] = (char)l->lookahead;
    advance(l);
  }
  buf[n] = 0;
  if (is_word_char(l->lookahead)) return 0;
  return n;
}

static bool word_is(const char *w, const char *s) {
  while (*w && *s && *w == *s) {
    w++;
    s++;
  }
  return *w == 0 && *s == 0;
}

static Phrase keyword_kind(const char *w) {
  if (word_is(w, "Document") || word_is(w, "document")) return PHRASE_DOCUMENT;
  if (word_is(w, "Documents") || word_is(w, "documents")) return PHRASE_DOCUMENTS;
  if (word_is(w, "footnote") || word_is(w, "Footnote")) return PHRASE_FOOTNOTE;
  if (word_is(w, "Foreign")) return PHRASE_VOLUME;
  return PHRASE_NONE;
}

static inline bool is_keyword_initial(int32_t c) {
  return c == 'D' || c == 'd' || c == 'F' || c == 'f';
}

// A document number or a placeholder (XX, TK, TBD, X) follows?
static bool number_follows(TSLexer *l, bool allow_placeholder) {
  if (is_digit(l->lookahead)) return true;
  if (!allow_placeholder) return false;
  char buf[8];
  unsigned n = read_word(l, buf, sizeof buf);
  return n > 0 && (word_is(buf, "XX") || word_is(buf, "TK") || word_is(buf, "TBD") ||
                   word_is(buf, "X"));
}

static unsigned read_digits(TSLexer *l) {
  unsigned n = 0;
  while (is_digit(l->lookahead)) {
    advance(l);
    n++;
  }
  return n;
}

// After "Foreign": " Relations, 1964–1968, vol. II" and optionally ", part 2".
// With `emit`, marks the end of the citation.
static bool volume_citation_follows(TSLexer *l, Gap *crossed, bool emit) {
  char buf[16];
  if (!skip_phrase_space(l, crossed)) return false;
  if (!word_is((read_word(l, buf, sizeof buf), buf), "Relations")) return false;
  if (l->lookahead != ',') return false;
  advance(l);
  if (!skip_phrase_space(l, crossed)) return false;
  if (read_digits(l) != 4) return false;
  if (is_dash(l->lookahead)) {
    advance(l);
    unsigned n = read_digits(l);
    if (n != 2 && n != 4) return false;
  }
  if (l->lookahead != ',') return false;
  advance(l);
  if (!skip_phrase_space(l, crossed)) return false;
  if (l->lookahead != 'v') return false;
  if (!word_is((read_word(l, buf, sizeof buf), buf), "vol")) return false;
  if (l->lookahead != '.') return false;
  advance(l);
  if (!skip_phrase_space(l, crossed)) return false;
  unsigned roman = 0;
  while (is_roman(l->lookahead)) {
    advance(l);
    roman++;
  }
  if (roman == 0 || is_word_char(l->lookahead)) return false;
  if (emit) l->mark_end(l);
  // Optional ", part 2".
  if (l->lookahead == ',') {
    Gap ignored = gap(crossed->single_line);
    advance(l);
    if (skip_phrase_space(l, &ignored) && l->lookahead == 'p' &&
        word_is((read_word(l, buf, sizeof buf), buf), "part") &&
        skip_phrase_space(l, &ignored) && read_digits(l) > 0 && !is_word_char(l->lookahead)) {
      if (emit) l->mark_end(l);
    }
  }
  return true;
}

// With the lexer after a keyword word: does the rest of a reference phrase
// follow? Consumes characters; never consumes a character that stops text.
static bool phrase_follows(TSLexer *l, Phrase kind, Gap *crossed, bool emit) {
  switch (kind) {
    case PHRASE_DOCUMENT:
    case PHRASE_FOOTNOTE:
      if (!is_space(l->lookahead) && !is_newline(l->lookahead)) return false;
      return skip_phrase_space(l, crossed) && number_follows(l, true);
    case PHRASE_DOCUMENTS:
      if (!is_space(l->lookahead) && !is_newline(l->lookahead)) return false;
      return skip_phrase_space(l, crossed) && number_follows(l, false);
    case PHRASE_VOLUME:
      return volume_citation_follows(l, crossed, emit);
    default:
      return false;
  }
}

static bool finish(TSLexer *l, enum TokenType type) {
  l->result_symbol = type;
  return true;
}

// ----- text --------------------------------------------------------------

#ifdef EMEND_FAST_LEXER
// Built into the emend binary, whose fast front end (src/syntax/lr) has a
// lexer that can step over a run of plain letters and spaces at once, as
// the loop below would one character at a time. An editor compiling this
// file does not define EMEND_FAST_LEXER, and the loop runs as it is.
extern void emend_lr_advance(TSLexer *l, bool skip);
extern bool emend_lr_skip_plain(TSLexer *l, bool phrases, int32_t *prev);
#endif

// Scans plain text from the current position. `has` says whether the token
// already holds characters, `prev` is the character before the current
// position (0 at the start of the token; it decides whether a star is plain
// and whether a letter starts a word). Text runs over soft line breaks unless
// `single_line`; it stops before inline markup and, when `phrases`, before a
// natural-language reference.
static bool scan_text_after(TSLexer *l, int32_t prev, bool has, Lines single_line,
                            bool phrases) {
#ifdef EMEND_FAST_LEXER
  bool bulk = l->advance == emend_lr_advance;
#endif
  for (;;) {
#ifdef EMEND_FAST_LEXER
    if (bulk && prev >= 0 && prev < 128 && emend_lr_skip_plain(l, phrases, &prev)) has = true;
#endif
    int32_t c = l->lookahead;
    // Most characters are letters and spaces: settle them before any other
    // test. The lexer reports a lookahead of 0 at the end of the input.
    if (is_alpha(c) && !(phrases && is_keyword_initial(c) && !is_word_char(prev))) {
      advance(l);
      has = true;
      prev = c;
      continue;
    }
    if (c == ' ') {
      advance(l);
      has = true;
      prev = c;
      continue;
    }
    if (c == 0 && l->eof(l)) break;
    if (is_newline(c)) {
      if (single_line) break;
      l->mark_end(l);
      consume_newline(l);
      unsigned indent = skip_indent(l);
      (void)indent;
      if (l->eof(l) || is_newline(l->lookahead)) return has && finish(l, TEXT);
      // A marker character at the margin may start a block; let the line end
      // be decided on its own.
      if (indent == 0 && is_marker_char(l->lookahead)) return has && finish(l, TEXT);
      // So may an indented bullet, inside a list item: the line end decides.
      if (indent > 0 && is_bullet_char(l->lookahead)) return has && finish(l, TEXT);
      has = true;
      prev = ' ';
      continue;
    }
    if (c == '[' || c == ']') break;
    if (c == '|' && single_line == LINES_CELL) break;
    if (c == '\\') {
      l->mark_end(l);
      advance(l);
      if (is_ascii_punct(l->lookahead)) return has && finish(l, TEXT);
      // A backslash at a line end may be a line break: it is looked at on
      // its own (a token that starts with it is text when it is not).
      if (has && single_line != LINES_CELL && is_newline(l->lookahead)) return finish(l, TEXT);
      has = true;
      prev = '\\';
      continue;
    }
    if (c == '*') {
      // A star between spaces is a plain character ("5 * 3"); any other
      // star opens or closes emphasis.
      if (!is_space(prev)) break;
      l->mark_end(l);
      advance(l);
      if (!is_space(l->lookahead) && !is_newline(l->lookahead) && !l->eof(l)) {
        return has && finish(l, TEXT);
      }
      has = true;
      prev = '*';
      continue;
    }
    if (phrases && is_keyword_initial(c) && !is_word_char(prev)) {
      l->mark_end(l);
      char buf[16];
      unsigned n = read_word(l, buf, sizeof buf);
      Phrase kind = n ? keyword_kind(buf) : PHRASE_NONE;
      if (kind != PHRASE_NONE) {
        Gap crossed = gap(single_line);
        if (phrase_follows(l, kind, &crossed, false) || crossed.crossed) {
          return has && finish(l, TEXT);
        }
      }
      has = true;
      prev = 'a';
      // read_word stops at a non-letter; continue from there. If the word was
      // too long for the buffer, the rest of it is still letters: consume it.
      while (is_word_char(l->lookahead)) advance(l);
      continue;
    }
    advance(l);
    has = true;
    prev = c;
  }
  if (!has) return false;
  l->mark_end(l);
  return finish(l, TEXT);
}

static bool scan_text(TSLexer *l, bool has, Lines single_line, bool phrases) {
  return scan_text_after(l, has ? ' ' : 0, has, single_line, phrases);
}

// With the lexer after a word (read into buf by read_word; n == 0 when it was
// too long): emit a reference keyword or volume citation when the word starts
// a phrase, else plain text from the start of the token.
static bool scan_after_word(TSLexer *l, const bool *valid, Lines single_line, const char *buf,
                            unsigned n) {
  Phrase kind = n ? keyword_kind(buf) : PHRASE_NONE;
  if (kind == PHRASE_NONE) {
    while (is_word_char(l->lookahead)) advance(l);
    return valid[TEXT] && scan_text_after(l, 'a', true, single_line, true);
  }
  l->mark_end(l);
  Gap crossed = gap(single_line);
  if (phrase_follows(l, kind, &crossed, true)) {
    switch (kind) {
      case PHRASE_DOCUMENT:
        if (valid[DOCUMENT_KEYWORD]) return finish(l, DOCUMENT_KEYWORD);
        break;
      case PHRASE_DOCUMENTS:
        if (valid[DOCUMENTS_KEYWORD]) return finish(l, DOCUMENTS_KEYWORD);
        break;
      case PHRASE_FOOTNOTE:
        if (valid[FOOTNOTE_KEYWORD]) return finish(l, FOOTNOTE_KEYWORD);
        break;
      case PHRASE_VOLUME:
        if (valid[VOLUME_CITATION]) return finish(l, VOLUME_CITATION);
        break;
      default:
        break;
    }
    return valid[TEXT] && finish(l, TEXT);
  }
  if (!valid[TEXT]) return false;
  if (crossed.crossed) return finish(l, TEXT);
  return scan_text_after(l, 'a', true, single_line, true);
}

// At a keyword-initial letter where reference keywords are valid: emit the
// keyword (or a whole volume citation), or fall back to text.
static bool scan_keyword_or_text(TSLexer *l, const bool *valid, Lines single_line) {
  char buf[16];
  unsigned n = read_word(l, buf, sizeof buf);
  return scan_after_word(l, valid, single_line, buf, n);
}

// `{.center}` and the spaces after it, at the start of a paragraph.
// Consumes characters also when it fails; they are all text.
static bool scan_block_style(TSLexer *l) {
  advance(l);
  if (l->lookahead != '.') return false;
  advance(l);
  if (l->lookahead < 'a' || l->lookahead > 'z') return false;
  while (is_alpha(l->lookahead) || is_digit(l->lookahead) || l->lookahead == '-') advance(l);
  if (l->lookahead != '}') return false;
  advance(l);
  while (l->lookahead == ' ') advance(l);
  l->mark_end(l);
  return true;
}

// ----- separators inside references -----------------------------------

// Scans a subtitle: from the comma after a volume citation to the comma
// before ", Document N". Returns false when none is found within reach; the
// end marked last (a plain-text end) then stands.
static bool scan_subtitle_rest(TSLexer *l, int32_t prev, Lines single_line) {
  char buf[16];
  unsigned count = 0;
  while (count < MAX_SUBTITLE) {
    int32_t c = l->lookahead;
    if (l->eof(l) || c == '[' || c == ']' || c == '*' || c == '\\') return false;
    if (c == '|' && single_line == LINES_CELL) return false;
    if (is_newline(c)) {
      Gap crossed = gap(single_line);
      if (!skip_phrase_space(l, &crossed)) return false;
      prev = ' ';
      continue;
    }
    if (c == ',') {
      l->mark_end(l);
      advance(l);
      count++;
      Gap crossed = gap(single_line);
      if (!skip_phrase_space(l, &crossed)) return false;
      prev = ' ';
      if (l->lookahead == 'D' || l->lookahead == 'd') {
        unsigned n = read_word(l, buf, sizeof buf);
        Phrase kind = n ? keyword_kind(buf) : PHRASE_NONE;
        if ((kind == PHRASE_DOCUMENT || kind == PHRASE_DOCUMENTS) &&
            phrase_follows(l, kind, &crossed, false)) {
          return true;
        }
        if (kind != PHRASE_NONE) return false;
        count += n;
        prev = 'a';
        while (is_word_char(l->lookahead)) advance(l);
      }
      continue;
    }
    if (is_keyword_initial(c) && !is_word_char(prev)) {
      // A reference inside what would be the subtitle: not a subtitle.
      // ("Foreign" is an ordinary word here: "Foreign Economic Policy".)
      unsigned n = read_word(l, buf, sizeof buf);
      Phrase kind = n ? keyword_kind(buf) : PHRASE_NONE;
      if (kind != PHRASE_NONE && kind != PHRASE_VOLUME) return false;
      count += n;
      prev = 'a';
      while (is_word_char(l->lookahead)) advance(l);
      continue;
    }
    advance(l);
    count++;
    prev = c;
  }
  return false;
}

static bool text_fallback(TSLexer *l, const bool *valid) {
  return valid[TEXT] && finish(l, TEXT);
}

// After a number of a reference (or a volume citation): ", 14", " and 14",
// "–120", ", Document", " to Document", a subtitle. When nothing of the kind
// follows, the characters up to the end marked last are returned as text,
// which ends the reference. Every path marks such an end before it looks
// further.
static bool try_separator(TSLexer *l, const bool *valid, Lines single_line) {
  char buf[16];
  Gap crossed = gap(single_line);
  if (is_space(l->lookahead)) {
    while (is_space(l->lookahead)) advance(l);
    l->mark_end(l);
    if (is_newline(l->lookahead) && !skip_phrase_space(l, &crossed)) {
      return text_fallback(l, valid);
    }
  }
  int32_t c = l->lookahead;

  if (is_dash(c)) {
    advance(l);
    l->mark_end(l);
    if (!valid[RANGE_DASH]) return text_fallback(l, valid);
    while (is_space(l->lookahead)) advance(l);
    if (!is_digit(l->lookahead)) return text_fallback(l, valid);
    l->mark_end(l);
    return finish(l, RANGE_DASH);
  }

  if (c == ',') {
    advance(l);
    l->mark_end(l);
    if (!skip_phrase_space(l, &crossed)) return text_fallback(l, valid);
    if (valid[LIST_SEPARATOR]) {
      if (is_digit(l->lookahead)) {
        l->mark_end(l);
        return finish(l, LIST_SEPARATOR);
      }
      if (l->lookahead == 'a') {
        if (!word_is((read_word(l, buf, sizeof buf), buf), "and")) return text_fallback(l, valid);
        if (!skip_phrase_space(l, &crossed) || !is_digit(l->lookahead)) {
          return text_fallback(l, valid);
        }
        l->mark_end(l);
        return finish(l, LIST_SEPARATOR);
      }
    }
    int32_t prev = ' ';
    if ((valid[JOIN] || valid[VOLUME_JOIN]) && (l->lookahead == 'D' || l->lookahead == 'd')) {
      l->mark_end(l);
      unsigned n = read_word(l, buf, sizeof buf);
      Phrase kind = n ? keyword_kind(buf) : PHRASE_NONE;
      if (kind == PHRASE_DOCUMENT && phrase_follows(l, kind, &crossed, false)) {
        return finish(l, valid[VOLUME_JOIN] ? VOLUME_JOIN : JOIN);
      }
      if (kind == PHRASE_DOCUMENTS && valid[VOLUME_JOIN] &&
          phrase_follows(l, kind, &crossed, false)) {
        return finish(l, VOLUME_JOIN);
      }
      if (kind != PHRASE_NONE || !valid[SUBTITLE]) return text_fallback(l, valid);
      while (is_word_char(l->lookahead)) advance(l);
      prev = 'a';
    }
    if (valid[SUBTITLE]) {
      if (scan_subtitle_rest(l, prev, single_line)) return finish(l, SUBTITLE);
    }
    return text_fallback(l, valid);
  }

  if (c == 'a' && valid[LIST_SEPARATOR]) {
    if (!word_is((read_word(l, buf, sizeof buf), buf), "and")) return text_fallback(l, valid);
    if (!skip_phrase_space(l, &crossed) || !is_digit(l->lookahead)) {
      return text_fallback(l, valid);
    }
    l->mark_end(l);
    return finish(l, LIST_SEPARATOR);
  }

  if (c == 't' && valid[JOIN]) {
    if (!word_is((read_word(l, buf, sizeof buf), buf), "to")) return text_fallback(l, valid);
    if (!skip_phrase_space(l, &crossed)) return text_fallback(l, valid);
    l->mark_end(l);
    if (l->lookahead != 'D' && l->lookahead != 'd') return text_fallback(l, valid);
    unsigned n = read_word(l, buf, sizeof buf);
    if (n && keyword_kind(buf) == PHRASE_DOCUMENT &&
        phrase_follows(l, PHRASE_DOCUMENT, &crossed, false)) {
      return finish(l, JOIN);
    }
    return text_fallback(l, valid);
  }

  return text_fallback(l, valid);
}

// ----- line ends ---------------------------------------------------------

// Only at the start of a file can a block end stand where a block may begin
// (the leading blank lines of the file).
static inline bool at_file_start(const bool *valid) {
  return valid[BLOCK_END] && valid[BULLET];
}

// At a line end. On a heading line (`heading_line`) the line end ends the
// heading or metadata line even where the parser cannot accept that (inside
// an unclosed bracket or emphasis): the parser then reports what is missing.
// With the lexer at the first character of a line: is it a bullet and white
// space? Consumes the bullet.
static bool at_bullet(TSLexer *l) {
  if (!is_bullet_char(l->lookahead)) return false;
  advance(l);
  return is_space(l->lookahead);
}

// At the line end of a table row: the next row, or the end of the table.
static bool scan_row_end(TSLexer *l, const bool *valid) {
  consume_newline(l);
  l->mark_end(l);
  if (valid[ROW_BREAK] && l->lookahead == '|') return finish(l, ROW_BREAK);
  for (;;) {
    skip_indent(l);
    if (!is_newline(l->lookahead)) break;
    consume_newline(l);
    l->mark_end(l);
  }
  return finish(l, BLOCK_END);
}

static bool scan_line_end(Scanner *s, TSLexer *l, const bool *valid, bool error_mode,
                          bool heading_line) {
  if (s->in_row) return scan_row_end(l, valid);
  bool block_end_ok = error_mode || valid[BLOCK_END] || heading_line;
  consume_newline(l);
  l->mark_end(l);
  bool saw_blank = false;
  for (;;) {
    unsigned indent = skip_indent(l);
    if (l->eof(l)) {
      l->mark_end(l);
      return block_end_ok && finish(l, BLOCK_END);
    }
    if (is_newline(l->lookahead)) {
      consume_newline(l);
      l->mark_end(l);
      saw_blank = true;
      continue;
    }
    if (saw_blank) {
      bool item_starts = !error_mode && s->in_item && is_bullet_char(l->lookahead);
      if (!error_mode && indent >= 4 && valid[CONTINUATION_PARAGRAPH] && !item_starts) {
        return finish(l, CONTINUATION_PARAGRAPH);
      }
      s->in_item = at_bullet(l);
      return block_end_ok && finish(l, BLOCK_END);
    }
    // An indented bullet line inside a list item starts an item nested in it.
    if (!error_mode && s->in_item && indent > 0 && is_bullet_char(l->lookahead) &&
        !heading_line && !valid[META_BREAK]) {
      if (at_bullet(l)) return block_end_ok && finish(l, BLOCK_END);
      return (error_mode || valid[TEXT]) && finish(l, TEXT);
    }
    // One line end, and the next line has text.
    if (!error_mode && at_file_start(valid)) return finish(l, BLOCK_END);
    if (heading_line || (!error_mode && valid[META_BREAK])) {
      if (indent == 0 && line_is_metadata(l)) return finish(l, META_BREAK);
      return finish(l, BLOCK_END);
    }
    if (!error_mode && valid[QUOTE_CONTINUATION] && indent == 0 && l->lookahead == '>') {
      advance(l);
      while (is_space(l->lookahead)) advance(l);
      l->mark_end(l);
      return finish(l, QUOTE_CONTINUATION);
    }
    if (indent == 0 && is_marker_char(l->lookahead)) {
      bool bullet = is_bullet_char(l->lookahead);
      if (line_starts_block(l)) {
        s->in_item = bullet;
        return block_end_ok && finish(l, BLOCK_END);
      }
      // A continuation line that begins with a marker character: the line
      // end alone is the text, the character is looked at on its own.
      return (error_mode || valid[TEXT]) && finish(l, TEXT);
    }
    // A continuation line.
    l->mark_end(l);
    if (!error_mode && valid[REF_SPACE]) return finish(l, REF_SPACE);
    if (!error_mode && (valid[LIST_SEPARATOR] || valid[RANGE_DASH] || valid[JOIN] ||
                        valid[VOLUME_JOIN] || valid[SUBTITLE])) {
      int32_t c = l->lookahead;
      if (c == ',' || is_dash(c) || c == 'a' || c == 't') {
        // Not at a margin marker, so the continuation is plain if nothing
        // matches; the text fallback is the line end itself.
        return try_separator(l, valid, false);
      }
    }
    if (error_mode || valid[TEXT]) return scan_text(l, true, false, !error_mode);
    return false;
  }
}

// ----- block-level tokens after a marker -------------------------------

// "261" of "# 261. Title": digits, an optional lower-case letter, then a full
// stop and white space.
static bool scan_document_number(TSLexer *l) {
  if (read_digits(l) == 0) return false;
  if (is_lower(l->lookahead)) advance(l);
  l->mark_end(l);
  if (l->lookahead != '.') return false;
  advance(l);
  return is_space(l->lookahead) || is_newline(l->lookahead) || l->eof(l);
}

// Letters of a label: one letter, or a roman numeral in one case ("iv",
// "XII").
static bool letters_are_label(const char *buf, unsigned n) {
  if (n == 0) return false;
  if (n == 1) return true;
  bool lower = is_lower(buf[0]);
  for (unsigned i = 0; i < n; i++) {
    int32_t c = buf[i];
    if (is_lower(c) != lower || !is_roman(lower ? c - 'a' + 'A' : c)) return false;
  }
  return true;
}

// A label that ends here ("1." "a." "(1)"): it is followed by white space.
static bool finish_label(TSLexer *l) {
  l->mark_end(l);
  return is_space(l->lookahead) || is_newline(l->lookahead) || l->eof(l);
}

// After a bullet: a label ("1." "a." "iv." "1)" "a)" "(1)" "(a)" "(iv)" "(*a*)") followed by
// white space, or else the start of the item's text, whose first word may
// begin a reference phrase ("- Document 256", "- (Document 256)",
// "- Foreign Relations, …").
static bool scan_list_start(TSLexer *l, const bool *valid, Lines single_line) {
  char buf[16];
  unsigned n;
  if (is_digit(l->lookahead)) {
    read_digits(l);
    int32_t prev = '0';
    if (l->lookahead == '.' || l->lookahead == ')') {
      prev = l->lookahead;
      advance(l);
      if (finish_label(l)) return finish(l, LABEL);
    }
    return valid[TEXT] && scan_text_after(l, prev, true, single_line, true);
  }
  if (l->lookahead == '(') {
    advance(l);
    if (l->lookahead == '*') {
      // "(*a*)": a letter label in italics, as older volumes print them.
      // Anything else is "(" and then emphasis.
      l->mark_end(l);
      advance(l);
      n = read_word(l, buf, sizeof buf);
      if (l->lookahead == '*' && letters_are_label(buf, n)) {
        advance(l);
        if (l->lookahead == ')') {
          advance(l);
          if (is_space(l->lookahead) || is_newline(l->lookahead) || l->eof(l)) {
            l->mark_end(l);
            return finish(l, LABEL);
          }
        }
      }
      return valid[TEXT] && finish(l, TEXT);
    }
    if (is_digit(l->lookahead)) {
      read_digits(l);
      int32_t prev = '0';
      if (l->lookahead == ')') {
        advance(l);
        if (finish_label(l)) return finish(l, LABEL);
        prev = ')';
      }
      return valid[TEXT] && scan_text_after(l, prev, true, single_line, true);
    }
    if (!is_alpha(l->lookahead)) {
      return valid[TEXT] && scan_text_after(l, '(', true, single_line, true);
    }
    // "(" alone is the text when a reference phrase follows it.
    l->mark_end(l);
    n = read_word(l, buf, sizeof buf);
    if (l->lookahead == ')' && letters_are_label(buf, n)) {
      advance(l);
      if (finish_label(l)) return finish(l, LABEL);
      return valid[TEXT] && scan_text_after(l, ')', true, single_line, true);
    }
    Phrase kind = n ? keyword_kind(buf) : PHRASE_NONE;
    if (kind != PHRASE_NONE) {
      Gap crossed = gap(single_line);
      if (phrase_follows(l, kind, &crossed, false) || crossed.crossed) {
        return valid[TEXT] && finish(l, TEXT);
      }
      return valid[TEXT] && scan_text(l, true, single_line, true);
    }
    while (is_word_char(l->lookahead)) advance(l);
    return valid[TEXT] && scan_text_after(l, 'a', true, single_line, true);
  }
  n = read_word(l, buf, sizeof buf);
  if ((l->lookahead == '.' || l->lookahead == ')') && letters_are_label(buf, n)) {
    int32_t prev = l->lookahead;
    advance(l);
    if (finish_label(l)) return finish(l, LABEL);
    return valid[TEXT] && scan_text_after(l, prev, true, single_line, true);
  }
  return scan_after_word(l, valid, single_line, buf, n);
}

// "#" or "##"…"######" and the white space after them, at the left margin.
static bool scan_heading_marker(TSLexer *l, const bool *valid, bool error_mode,
                                Lines single_line) {
  unsigned n = 0;
  while (l->lookahead == '#' && n < 7) {
    advance(l);
    n++;
  }
  if (n <= 6 && is_space(l->lookahead)) {
    while (is_space(l->lookahead)) advance(l);
    l->mark_end(l);
    if (n == 1 && (error_mode || valid[H1])) return finish(l, H1);
    if (n >= 2 && (error_mode || valid[H2])) return finish(l, H2);
  }
  if (error_mode) return scan_text(l, true, single_line, false);
  return valid[TEXT] && scan_text(l, true, single_line, true);
}

// After a backslash, at a line end: is it a line break (TEI `lb`)? It is
// when the next line goes on with the same construct; the break then holds
// the line end and the next line's indentation (and, in a block quote, its
// `>`), and its end is marked.
static bool line_break_follows(Scanner *s, TSLexer *l, const bool *valid, Lines single_line) {
  consume_newline(l);
  unsigned indent = skip_indent(l);
  if (l->eof(l) || is_newline(l->lookahead)) return false;
  if (indent == 0) {
    if (valid[QUOTE_CONTINUATION] && l->lookahead == '>') {
      advance(l);
      while (is_space(l->lookahead)) advance(l);
      l->mark_end(l);
      return true;
    }
    if (single_line == LINES_SINGLE && line_is_metadata(l)) return false;
    if (is_marker_char(l->lookahead) && line_starts_block(l)) return false;
  } else if (s->in_item && is_bullet_char(l->lookahead)) {
    return false;
  }
  l->mark_end(l);
  return true;
}

static bool scan(Scanner *s, TSLexer *l, const bool *valid);

bool tree_sitter_emend_external_scanner_scan(void *payload, TSLexer *l, const bool *valid) {
  Scanner *s = (Scanner *)payload;
  if (!scan(s, l, valid)) return false;
  switch (l->result_symbol) {
    case BLOCK_END:
      s->after_block_end = true;
      s->on_heading_line = false;
      s->in_row = false;
      break;
    case H1:
    case H2:
      s->after_block_end = false;
      s->on_heading_line = true;
      s->in_item = false;
      break;
    case BULLET:
      s->after_block_end = false;
      s->in_item = true;
      break;
    case ROW_START:
      s->after_block_end = false;
      s->in_row = true;
      break;
    case ROW_BREAK:
      s->after_block_end = false;
      s->in_row = false;
      break;
    default:
      s->after_block_end = false;
      break;
  }
  return true;
}

static bool scan(Scanner *s, TSLexer *l, const bool *valid) {
  bool error_mode = valid[ERROR_SENTINEL];
  bool heading_line = s->on_heading_line;

  if (l->eof(l)) {
    if (!error_mode && (valid[BLOCK_END] || heading_line)) {
      l->mark_end(l);
      return finish(l, BLOCK_END);
    }
    return false;
  }

  int32_t c = l->lookahead;
  if (is_newline(c)) return scan_line_end(s, l, valid, error_mode, heading_line);

  // A heading starts a heading line; in error recovery only at the margin.
  if (c == '#' && (error_mode ? l->get_column(l) == 0 : (valid[H1] || valid[H2]))) {
    return scan_heading_marker(l, valid, error_mode, heading_line);
  }

  // White space before the first line end of a file: a blank line, or the
  // indentation of the first line.
  if (!error_mode && is_space(c) && at_file_start(valid)) {
    while (is_space(l->lookahead)) advance(l);
    if (is_newline(l->lookahead)) return scan_line_end(s, l, valid, error_mode, heading_line);
    if (l->eof(l)) {
      l->mark_end(l);
      return finish(l, BLOCK_END);
    }
    return valid[TEXT] && scan_text(l, true, valid[META_BREAK], true);
  }

  if (error_mode) {
    if (c == '[' || c == ']' || c == '*' || c == '\\') return false;
    return scan_text(l, false, heading_line, false);
  }

  Lines single_line = s->in_row                          ? LINES_CELL
                      : (valid[META_BREAK] || heading_line) ? LINES_SINGLE
                                                            : LINES_MULTI;

  if (c == '\\' && valid[LINE_BREAK] && single_line != LINES_CELL) {
    advance(l);
    l->mark_end(l);
    if (is_newline(l->lookahead)) {
      if (line_break_follows(s, l, valid, single_line)) return finish(l, LINE_BREAK);
      // The backslash alone is text.
      return valid[TEXT] && finish(l, TEXT);
    }
    // An escape is the lexer's.
    if (is_ascii_punct(l->lookahead)) return false;
    return valid[TEXT] && scan_text_after(l, '\\', true, single_line, true);
  }

  if (valid[ROW_START] && c == '|' && l->get_column(l) == 0) {
    advance(l);
    l->mark_end(l);
    return finish(l, ROW_START);
  }

  // An indented bullet: an item nested in the one before.
  if (valid[BULLET] && is_space(c)) {
    while (is_space(l->lookahead)) advance(l);
    l->mark_end(l);
    int32_t b = l->lookahead;
    if (is_bullet_char(b)) {
      advance(l);
      if (is_space(l->lookahead)) {
        while (is_space(l->lookahead)) advance(l);
        l->mark_end(l);
        return finish(l, BULLET);
      }
      // The spaces are text; a star after them is looked at on its own.
      if (b == '*') return valid[TEXT] && finish(l, TEXT);
      return valid[TEXT] && scan_text_after(l, b, true, single_line, true);
    }
    return valid[TEXT] && scan_text_after(l, ' ', true, single_line, true);
  }

  // Block openers that share a first character with inline markup are
  // scanned here, where the parser's state says which of them is possible.
  if (valid[BULLET] && (c == '-' || c == '*' || c == 0x2022)) {
    advance(l);
    if (is_space(l->lookahead)) {
      while (is_space(l->lookahead)) advance(l);
      l->mark_end(l);
      return finish(l, BULLET);
    }
    if (c == '*' || !valid[TEXT]) return false;
    return scan_text(l, true, single_line, true);
  }
  if ((valid[PERSON_ENTRY_START] || valid[TERM_ENTRY_START]) && c == '[') {
    advance(l);
    int32_t sigil = l->lookahead;
    if (sigil != '@' && sigil != '=') return false;
    advance(l);
    if (!is_alpha(l->lookahead) && !is_digit(l->lookahead)) return false;
    l->mark_end(l);
    return finish(l, sigil == '@' ? PERSON_ENTRY_START : TERM_ENTRY_START);
  }
  if (valid[DEFINITION_CLOSE] && c == ']') {
    advance(l);
    if (l->lookahead != ':') return false;
    advance(l);
    l->mark_end(l);
    return finish(l, DEFINITION_CLOSE);
  }

  if (valid[DOCUMENT_NUMBER] && is_digit(c)) {
    if (scan_document_number(l)) return finish(l, DOCUMENT_NUMBER);
    return valid[TEXT] && scan_text(l, true, single_line, true);
  }

  if (valid[LABEL] && (is_digit(c) || is_alpha(c) || c == '(')) {
    return scan_list_start(l, valid, single_line);
  }

  if (valid[REF_SPACE]) {
    if (!is_space(c)) return false;
    Gap crossed = gap(single_line);
    if (!skip_phrase_space(l, &crossed)) return false;
    l->mark_end(l);
    return finish(l, REF_SPACE);
  }

  if ((valid[LIST_SEPARATOR] || valid[RANGE_DASH] || valid[JOIN] || valid[VOLUME_JOIN] ||
       valid[SUBTITLE]) &&
      (c == ',' || is_space(c) || is_dash(c))) {
    return try_separator(l, valid, single_line);
  }

  if (is_keyword_initial(c) && (valid[DOCUMENT_KEYWORD] || valid[DOCUMENTS_KEYWORD] ||
                                 valid[FOOTNOTE_KEYWORD] || valid[VOLUME_CITATION])) {
    return scan_keyword_or_text(l, valid, single_line);
  }

  if (!valid[TEXT]) return false;

  // The role of a cell, after the spaces that open it.
  if (valid[BLOCK_STYLE] && s->in_row && is_space(c)) {
    while (is_space(l->lookahead)) advance(l);
    l->mark_end(l);
    if (l->lookahead != '{') return scan_text_after(l, ' ', true, single_line, true);
    if (scan_block_style(l)) return finish(l, BLOCK_STYLE);
    return finish(l, TEXT);
  }

  // The type of a footnote, after the space that follows its colon. (At
  // the start of a block a bullet may stand too, and indentation is
  // looked at there.)
  if (valid[BLOCK_STYLE] && !valid[BULLET] && is_space(c)) {
    while (is_space(l->lookahead)) advance(l);
    l->mark_end(l);
    if (l->lookahead != '{') return scan_text_after(l, ' ', true, single_line, true);
    if (scan_block_style(l)) return finish(l, BLOCK_STYLE);
    return scan_text_after(l, '{', true, single_line, true);
  }

  if (valid[BLOCK_STYLE] && c == '{') {
    if (scan_block_style(l)) return finish(l, BLOCK_STYLE);
    return scan_text_after(l, '{', true, single_line, true);
  }

  // Block markers at the left margin are not text.
  if (is_marker_char(c) && c != '[' && l->get_column(l) == 0) {
    if (line_starts_block(l)) return false;
    if (c == '*') return false;
    return scan_text(l, true, single_line, true);
  }

  return scan_text(l, false, single_line, true);
}
