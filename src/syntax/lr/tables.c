// Read access to the parse tables that the tree-sitter CLI generates for
// the markup grammar, for the deterministic LR driver in lr/mod.rs. The
// tables' layout is tree-sitter's (tree_sitter/parser.h); this file is the
// only place outside tree-sitter's runtime that knows it.

#include "tree_sitter/parser.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

const TSLanguage *tree_sitter_emend(void);

// One parse action, flattened.
typedef struct {
  uint8_t type;  // TSParseActionType
  uint8_t child_count;
  bool extra;
  bool repetition;
  uint16_t state;  // shift: the next state
  uint16_t symbol;  // reduce: the symbol made
  uint16_t production_id;
} EmendAction;

uint32_t emend_lr_symbol_count(void) { return tree_sitter_emend()->symbol_count; }
uint32_t emend_lr_token_count(void) { return tree_sitter_emend()->token_count; }
uint32_t emend_lr_state_count(void) { return tree_sitter_emend()->state_count; }

static uint16_t lookup(const TSLanguage *l, uint16_t state, uint16_t symbol) {
  if (state >= l->large_state_count) {
    uint32_t index = l->small_parse_table_map[state - l->large_state_count];
    const uint16_t *data = &l->small_parse_table[index];
    uint16_t group_count = *(data++);
    for (unsigned i = 0; i < group_count; i++) {
      uint16_t section_value = *(data++);
      uint16_t symbol_count = *(data++);
      for (unsigned j = 0; j < symbol_count; j++) {
        if (*(data++) == symbol) return section_value;
      }
    }
    return 0;
  }
  return l->parse_table[state * l->symbol_count + symbol];
}

// The actions for a token in a state; returns how many there are, and
// writes up to `cap` of them.
uint32_t emend_lr_actions(uint16_t state, uint16_t symbol, EmendAction *out, uint32_t cap) {
  const TSLanguage *l = tree_sitter_emend();
  if (state >= l->state_count || symbol >= l->token_count) return 0;
  const TSParseActionEntry *entry = &l->parse_actions[lookup(l, state, symbol)];
  uint32_t count = entry->entry.count;
  const TSParseAction *actions = (const TSParseAction *)(entry + 1);
  for (uint32_t i = 0; i < count && i < cap; i++) {
    TSParseAction a = actions[i];
    EmendAction e = {0};
    e.type = a.type;
    if (a.type == TSParseActionTypeShift) {
      e.state = a.shift.state;
      e.extra = a.shift.extra;
      e.repetition = a.shift.repetition;
    } else if (a.type == TSParseActionTypeReduce) {
      e.child_count = a.reduce.child_count;
      e.symbol = a.reduce.symbol;
      e.production_id = a.reduce.production_id;
    }
    out[i] = e;
  }
  return count;
}

// The state after a non-terminal is made in `state`.
uint16_t emend_lr_goto(uint16_t state, uint16_t symbol) {
  const TSLanguage *l = tree_sitter_emend();
  if (state >= l->state_count || symbol >= l->symbol_count) return 0;
  return lookup(l, state, symbol);
}

// The lexer modes of a state: the internal lexer's start state and the
// set of external tokens valid in it (0: none).
void emend_lr_lex_mode(uint16_t state, uint16_t *lex_state, uint16_t *external_lex_state) {
  const TSLanguage *l = tree_sitter_emend();
  if (state >= l->state_count) {
    *lex_state = UINT16_MAX;
    *external_lex_state = 0;
    return;
  }
  *lex_state = l->lex_modes[state].lex_state;
  *external_lex_state = l->lex_modes[state].external_lex_state;
}

const bool *emend_lr_external_valid(uint16_t external_lex_state) {
  const TSLanguage *l = tree_sitter_emend();
  return l->external_scanner.states + (size_t)l->external_token_count * external_lex_state;
}

uint16_t emend_lr_external_symbol(uint16_t token) {
  const TSLanguage *l = tree_sitter_emend();
  if (token >= l->external_token_count) return UINT16_MAX;
  return l->external_scanner.symbol_map[token];
}

bool emend_lr_lex(TSLexer *lexer, uint16_t lex_state) {
  return tree_sitter_emend()->lex_fn(lexer, lex_state);
}

void *emend_lr_scanner_create(void) { return tree_sitter_emend()->external_scanner.create(); }
void emend_lr_scanner_destroy(void *s) { tree_sitter_emend()->external_scanner.destroy(s); }
bool emend_lr_scanner_scan(void *s, TSLexer *lexer, const bool *valid) {
  return tree_sitter_emend()->external_scanner.scan(s, lexer, valid);
}
unsigned emend_lr_scanner_serialize(void *s, char *buffer) {
  return tree_sitter_emend()->external_scanner.serialize(s, buffer);
}
void emend_lr_scanner_deserialize(void *s, const char *buffer, unsigned length) {
  tree_sitter_emend()->external_scanner.deserialize(s, buffer, length);
}

// Whether a symbol is visible and named in a tree, and the public symbol a
// node of it reports. Aliases are numbered after the grammar's symbols.
static bool known(const TSLanguage *l, uint16_t symbol) {
  return symbol < l->symbol_count + l->alias_count;
}
bool emend_lr_visible(uint16_t symbol) {
  const TSLanguage *l = tree_sitter_emend();
  return known(l, symbol) && l->symbol_metadata[symbol].visible;
}
bool emend_lr_named(uint16_t symbol) {
  const TSLanguage *l = tree_sitter_emend();
  return known(l, symbol) && l->symbol_metadata[symbol].named;
}
uint16_t emend_lr_public_symbol(uint16_t symbol) {
  const TSLanguage *l = tree_sitter_emend();
  if (!known(l, symbol)) return symbol;
  return l->public_symbol_map[symbol];
}

// The alias of the child at `index` of a node of `production_id`, 0 for none.
uint16_t emend_lr_alias(uint16_t production_id, uint32_t index) {
  const TSLanguage *l = tree_sitter_emend();
  if (production_id == 0 || production_id >= l->production_id_count ||
      index >= l->max_alias_sequence_length) {
    return 0;
  }
  return l->alias_sequences[production_id * l->max_alias_sequence_length + index];
}

// The field of the child at `index` of a node of `production_id` (not one
// inherited from a hidden child), 0 for none.
uint16_t emend_lr_field(uint16_t production_id, uint32_t index) {
  const TSLanguage *l = tree_sitter_emend();
  if (l->field_count == 0 || production_id >= l->production_id_count) return 0;
  TSMapSlice slice = l->field_map_slices[production_id];
  for (uint16_t i = 0; i < slice.length; i++) {
    TSFieldMapEntry e = l->field_map_entries[slice.index + i];
    if (!e.inherited && e.child_index == index) return e.field_id;
  }
  return 0;
}

// The lexer's log function is variadic, which Rust cannot define.
static void log_nothing(const TSLexer *lexer, const char *format, ...) {
  (void)lexer;
  (void)format;
}

void emend_lr_set_log(TSLexer *lexer) { lexer->log = log_nothing; }

// Sizes of the tables.
uint32_t emend_lr_symbol_total(void) {
  const TSLanguage *l = tree_sitter_emend();
  return l->symbol_count + l->alias_count;
}
uint32_t emend_lr_production_count(void) { return tree_sitter_emend()->production_id_count; }
uint32_t emend_lr_external_token_count(void) {
  return tree_sitter_emend()->external_token_count;
}
