//! A fast front end for whole-file parses: a deterministic LR driver over
//! the tables, lexer and external scanner that tree-sitter generates from
//! the grammar, laying the parse out straight into a [`SyntaxTree`].
//!
//! tree-sitter's runtime is built for incremental, error-tolerant parsing:
//! a stack that can fork, reference-counted subtrees, a lexer over chunks
//! of text. A check of a workspace parses every file once, and nearly every
//! file is free of errors; for those, the same tables read by a plain LR
//! loop give the same tree at a fraction of the cost. Where the tables
//! offer more than one action, where the lexer finds no token, or where the
//! grammar's tables ask for error recovery, the driver gives up, and the
//! caller parses with tree-sitter. What it builds is tree-sitter's tree
//! node for node; the tests hold it to that.

use super::tree::{Builder, SyntaxTree, NAMED};
use std::ffi::{c_char, c_void};

/// One action of the parse table, as `tables.c` flattens it.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct Action {
    kind: u8,
    child_count: u8,
    extra: bool,
    repetition: bool,
    state: u16,
    symbol: u16,
    production_id: u16,
}

const SHIFT: u8 = 0;
const REDUCE: u8 = 1;
const ACCEPT: u8 = 2;

/// tree-sitter's `TSLexer`: the interface the generated lexer and the
/// external scanner read characters through.
#[repr(C)]
struct TsLexer {
    lookahead: i32,
    result_symbol: u16,
    advance: unsafe extern "C" fn(*mut TsLexer, bool),
    mark_end: unsafe extern "C" fn(*mut TsLexer),
    get_column: unsafe extern "C" fn(*mut TsLexer) -> u32,
    is_at_included_range_start: unsafe extern "C" fn(*const TsLexer) -> bool,
    eof: unsafe extern "C" fn(*const TsLexer) -> bool,
    log: *const c_void,
}

extern "C" {
    fn emend_lr_actions(state: u16, symbol: u16, out: *mut Action, cap: u32) -> u32;
    fn emend_lr_goto(state: u16, symbol: u16) -> u16;
    fn emend_lr_lex_mode(state: u16, lex_state: *mut u16, external_lex_state: *mut u16);
    fn emend_lr_external_valid(external_lex_state: u16) -> *const bool;
    fn emend_lr_external_symbol(token: u16) -> u16;
    fn emend_lr_lex(lexer: *mut TsLexer, lex_state: u16) -> bool;
    fn emend_lr_scanner_create() -> *mut c_void;
    fn emend_lr_scanner_destroy(scanner: *mut c_void);
    fn emend_lr_scanner_scan(scanner: *mut c_void, lexer: *mut TsLexer, valid: *const bool)
        -> bool;
    fn emend_lr_scanner_serialize(scanner: *mut c_void, buffer: *mut c_char) -> u32;
    fn emend_lr_scanner_deserialize(scanner: *mut c_void, buffer: *const c_char, length: u32);
    fn emend_lr_visible(symbol: u16) -> bool;
    fn emend_lr_named(symbol: u16) -> bool;
    fn emend_lr_public_symbol(symbol: u16) -> u16;
    fn emend_lr_alias(production_id: u16, index: u32) -> u16;
    fn emend_lr_field(production_id: u16, index: u32) -> u16;
    fn emend_lr_set_log(lexer: *mut TsLexer);
    fn emend_lr_symbol_count() -> u32;
    fn emend_lr_token_count() -> u32;
    fn emend_lr_state_count() -> u32;
    fn emend_lr_symbol_total() -> u32;
    fn emend_lr_production_count() -> u32;
    fn emend_lr_external_token_count() -> u32;
}

/// What the driver does with a token in a state, decided once per pair.
#[derive(Clone, Copy)]
enum Chosen {
    /// More than one action, error recovery, or none: tree-sitter's case.
    Fail,
    Shift(u16),
    Reduce {
        symbol: u16,
        child_count: u8,
        production: u16,
    },
    Accept,
}

/// The children a production can have at most: a reduction counts them in
/// a byte.
const MAX_CHILDREN: usize = 256;

/// The tables, copied once into arrays indexed directly: the generated
/// parser keeps most states in a compressed form that is searched.
struct Tables {
    tokens: usize,
    symbols: usize,
    /// By `state * tokens + token`.
    actions: Vec<Chosen>,
    /// By `state * symbols + symbol`, for the symbols that are not tokens.
    gotos: Vec<u16>,
    /// By state: the lexer's start state and the external tokens' set.
    lex_modes: Vec<(u16, u16)>,
    /// By external token.
    external_symbols: Vec<u16>,
    /// By symbol, aliases included.
    visible: Vec<bool>,
    named: Vec<bool>,
    public: Vec<u16>,
    /// By `production * MAX_CHILDREN + child`.
    aliases: Vec<u16>,
    fields: Vec<u16>,
}

impl Tables {
    fn get() -> &'static Tables {
        static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
        TABLES.get_or_init(Tables::load)
    }

    fn load() -> Tables {
        // SAFETY: reads of the generated tables through `tables.c`, each
        // within the sizes it reports.
        unsafe {
            let tokens = emend_lr_token_count() as usize;
            let symbols = emend_lr_symbol_count() as usize;
            let states = emend_lr_state_count() as usize;
            let total = emend_lr_symbol_total() as usize;
            let productions = emend_lr_production_count() as usize;
            let externals = emend_lr_external_token_count() as usize;
            let mut actions = Vec::with_capacity(states * tokens);
            let mut gotos = vec![0u16; states * symbols];
            let mut lex_modes = Vec::with_capacity(states);
            for state in 0..states {
                let state16 = state as u16;
                for token in 0..tokens {
                    actions.push(choose(state16, token as u16));
                }
                for symbol in tokens..symbols {
                    gotos[state * symbols + symbol] = emend_lr_goto(state16, symbol as u16);
                }
                let (mut lex_state, mut external) = (0u16, 0u16);
                emend_lr_lex_mode(state16, &mut lex_state, &mut external);
                lex_modes.push((lex_state, external));
            }
            let external_symbols = (0..externals)
                .map(|t| emend_lr_external_symbol(t as u16))
                .collect();
            let visible = (0..total).map(|s| emend_lr_visible(s as u16)).collect();
            let named = (0..total).map(|s| emend_lr_named(s as u16)).collect();
            let public = (0..total)
                .map(|s| emend_lr_public_symbol(s as u16))
                .collect();
            let mut aliases = vec![0u16; productions * MAX_CHILDREN];
            let mut fields = vec![0u16; productions * MAX_CHILDREN];
            for production in 0..productions {
                for child in 0..MAX_CHILDREN {
                    let at = production * MAX_CHILDREN + child;
                    aliases[at] = emend_lr_alias(production as u16, child as u32);
                    fields[at] = emend_lr_field(production as u16, child as u32);
                }
            }
            Tables {
                tokens,
                symbols,
                actions,
                gotos,
                lex_modes,
                external_symbols,
                visible,
                named,
                public,
                aliases,
                fields,
            }
        }
    }

    fn action(&self, state: u16, token: u16) -> Chosen {
        let token = usize::from(token);
        if token >= self.tokens {
            return Chosen::Fail;
        }
        self.actions
            .get(usize::from(state) * self.tokens + token)
            .copied()
            .unwrap_or(Chosen::Fail)
    }

    fn goto(&self, state: u16, symbol: u16) -> u16 {
        let symbol = usize::from(symbol);
        if symbol < self.tokens || symbol >= self.symbols {
            return 0;
        }
        self.gotos
            .get(usize::from(state) * self.symbols + symbol)
            .copied()
            .unwrap_or(0)
    }

    fn lex_mode(&self, state: u16) -> (u16, u16) {
        self.lex_modes
            .get(usize::from(state))
            .copied()
            .unwrap_or((u16::MAX, 0))
    }

    /// The alias and the field of a child of a production.
    fn child(&self, production: u16, child: u32) -> (u16, u16) {
        let at = usize::from(production) * MAX_CHILDREN + child as usize;
        (
            self.aliases.get(at).copied().unwrap_or(0),
            self.fields.get(at).copied().unwrap_or(0),
        )
    }

    /// Visible, named, and the public symbol.
    fn symbol(&self, symbol: u16) -> (bool, bool, u16) {
        let s = usize::from(symbol);
        (
            self.visible.get(s).copied().unwrap_or(false),
            self.named.get(s).copied().unwrap_or(false),
            self.public.get(s).copied().unwrap_or(symbol),
        )
    }
}

/// The one action tree-sitter takes for a token in a state, when there is
/// one: it passes over a shift that repeats a repetition when it has
/// another action for the token.
///
/// # Safety
/// Reads the tables through `tables.c`.
unsafe fn choose(state: u16, token: u16) -> Chosen {
    let mut actions = [Action::default(); 4];
    // SAFETY: writes at most `actions.len()` actions.
    let count =
        unsafe { emend_lr_actions(state, token, actions.as_mut_ptr(), actions.len() as u32) }
            as usize;
    if count > actions.len() {
        return Chosen::Fail;
    }
    let mut chosen = None;
    for action in &actions[..count] {
        if action.kind == SHIFT && action.repetition {
            continue;
        }
        if chosen.is_some() {
            return Chosen::Fail;
        }
        chosen = Some(*action);
    }
    match chosen {
        Some(a) if a.kind == SHIFT && !a.extra => Chosen::Shift(a.state),
        Some(a) if a.kind == REDUCE => Chosen::Reduce {
            symbol: a.symbol,
            child_count: a.child_count,
            production: a.production_id,
        },
        Some(a) if a.kind == ACCEPT => Chosen::Accept,
        _ => Chosen::Fail,
    }
}

/// tree-sitter's buffer for a serialized scanner state.
const STATE_BUFFER: usize = 1024;

/// The lexer over a text. `base` comes first, so that the pointer the C
/// code is given is a pointer to the whole.
#[repr(C)]
struct Lexer<'a> {
    base: TsLexer,
    text: &'a [u8],
    /// Where the lookahead character starts.
    pos: usize,
    /// Its length in bytes (0 at the end of the text).
    size: usize,
    /// Where the token ends, once marked.
    token_end: Option<usize>,
    /// The lexer asked to skip a character, which this grammar never
    /// does: the parse is left to tree-sitter.
    skipped: bool,
}

/// Named, so that the scanner can tell this lexer from tree-sitter's and
/// use [`emend_lr_skip_plain`] with it.
///
/// # Safety
/// `lexer` is the base of a [`Lexer`]: the driver hands the C code no other.
#[no_mangle]
unsafe extern "C" fn emend_lr_advance(lexer: *mut TsLexer, skip: bool) {
    // SAFETY: every TsLexer handed to the C code is the base of a Lexer.
    let l = unsafe { &mut *(lexer as *mut Lexer) };
    if skip {
        l.skipped = true;
    }
    if l.size > 0 {
        l.pos += l.size;
        l.decode();
    }
}

/// Steps over a run of ASCII letters and spaces, as the scanner's text
/// loop would one character at a time: with `phrases`, it stops before a
/// letter that can begin a reference keyword (`D`, `d`, `F`, `f`) at the
/// start of a word. `prev` is the character before the lexer (ASCII), and
/// becomes the last one stepped over. Returns whether it stepped.
///
/// # Safety
/// `lexer` is the base of a [`Lexer`] (the scanner checks that its
/// `advance` is [`emend_lr_advance`]), and `prev` points to a character.
#[no_mangle]
unsafe extern "C" fn emend_lr_skip_plain(
    lexer: *mut TsLexer,
    phrases: bool,
    prev: *mut i32,
) -> bool {
    // SAFETY: as the function's contract says.
    let (l, prev) = unsafe { (&mut *(lexer as *mut Lexer), &mut *prev) };
    let (text, start) = (l.text, l.pos);
    let mut at = start;
    while let Some(&b) = text.get(at) {
        match PLAIN[usize::from(b)] {
            LETTER_OR_SPACE => {}
            KEYWORD_INITIAL if phrases => {
                // A keyword's first letter stops the run where a word starts.
                let before = match at.checked_sub(1).filter(|&i| i >= start) {
                    Some(i) => text.get(i).copied().map_or(0, i32::from),
                    None => *prev,
                };
                if !u8::try_from(before).is_ok_and(|p| p.is_ascii_alphanumeric()) {
                    break;
                }
            }
            KEYWORD_INITIAL => {}
            _ => break,
        }
        at += 1;
    }
    if at == start {
        return false;
    }
    *prev = text.get(at - 1).copied().map_or(0, i32::from);
    l.pos = at;
    l.decode();
    true
}

/// Byte classes of [`emend_lr_skip_plain`].
const OTHER: u8 = 0;
const LETTER_OR_SPACE: u8 = 1;
const KEYWORD_INITIAL: u8 = 2;

const PLAIN: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b' ' {
            t[b] = LETTER_OR_SPACE;
        }
        b += 1;
    }
    t[b'D' as usize] = KEYWORD_INITIAL;
    t[b'd' as usize] = KEYWORD_INITIAL;
    t[b'F' as usize] = KEYWORD_INITIAL;
    t[b'f' as usize] = KEYWORD_INITIAL;
    t
};

unsafe extern "C" fn mark_end(lexer: *mut TsLexer) {
    // SAFETY: as in `advance`.
    let l = unsafe { &mut *(lexer as *mut Lexer) };
    l.token_end = Some(l.pos);
}

unsafe extern "C" fn get_column(lexer: *mut TsLexer) -> u32 {
    // SAFETY: as in `advance`.
    let l = unsafe { &*(lexer as *const Lexer) };
    let line = &l.text[..l.pos];
    let start = line.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    // Characters, not bytes, as tree-sitter counts.
    line[start..]
        .iter()
        .filter(|b| (**b & 0xC0) != 0x80)
        .count() as u32
}

unsafe extern "C" fn is_at_included_range_start(lexer: *const TsLexer) -> bool {
    // SAFETY: as in `advance`.
    let l = unsafe { &*(lexer as *const Lexer) };
    l.pos == 0
}

unsafe extern "C" fn eof(lexer: *const TsLexer) -> bool {
    // SAFETY: as in `advance`.
    let l = unsafe { &*(lexer as *const Lexer) };
    l.pos >= l.text.len()
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        let mut lexer = Lexer {
            base: TsLexer {
                lookahead: 0,
                result_symbol: 0,
                advance: emend_lr_advance,
                mark_end,
                get_column,
                is_at_included_range_start,
                eof,
                log: std::ptr::null(),
            },
            text: text.as_bytes(),
            pos: 0,
            size: 0,
            token_end: None,
            skipped: false,
        };
        // SAFETY: sets the one field Rust cannot write, to a C function.
        unsafe { emend_lr_set_log(lexer.as_ts()) };
        lexer.decode();
        lexer
    }

    /// Reads the character at `pos` into the lookahead. The text is UTF-8,
    /// so a character's length is told by its first byte.
    #[inline]
    fn decode(&mut self) {
        let Some(&first) = self.text.get(self.pos) else {
            self.base.lookahead = 0;
            self.size = 0;
            return;
        };
        if first < 0x80 {
            self.base.lookahead = i32::from(first);
            self.size = 1;
            return;
        }
        // The text is a `str`, so the sequence is whole and well formed.
        let (size, bits) = match first {
            0xC0..=0xDF => (2, u32::from(first & 0x1F)),
            0xE0..=0xEF => (3, u32::from(first & 0x0F)),
            _ => (4, u32::from(first & 0x07)),
        };
        let tail = self.text.get(self.pos + 1..self.pos + size).unwrap_or(&[]);
        let c = tail
            .iter()
            .fold(bits, |c, b| (c << 6) | u32::from(b & 0x3F));
        self.base.lookahead = c as i32;
        self.size = size.min(self.text.len() - self.pos);
    }

    fn reset(&mut self, pos: usize) {
        self.pos = pos;
        self.token_end = None;
        self.base.result_symbol = 0;
        self.decode();
    }

    fn end(&self) -> usize {
        self.token_end.unwrap_or(self.pos)
    }

    /// The pointer the C code is given. Taken from the whole lexer, not
    /// from its first field, so that the callbacks may reach all of it.
    fn as_ts(&mut self) -> *mut TsLexer {
        (self as *mut Lexer<'a>).cast::<TsLexer>()
    }
}

/// The external scanner's state, created and destroyed with the parse.
struct Scanner(*mut c_void);

impl Scanner {
    fn new() -> Option<Scanner> {
        // SAFETY: the scanner's own constructor.
        let payload = unsafe { emend_lr_scanner_create() };
        (!payload.is_null()).then_some(Scanner(payload))
    }
}

impl Drop for Scanner {
    fn drop(&mut self) {
        // SAFETY: made by `emend_lr_scanner_create`, destroyed once.
        unsafe { emend_lr_scanner_destroy(self.0) };
    }
}

/// A token or a node made by a reduction, before it is laid out.
#[derive(Clone, Copy)]
struct Pending {
    symbol: u16,
    /// The production of a node; `LEAF` for a token.
    production: u16,
    start: u32,
    end: u32,
    /// Where the node's children start in `Parse::kids`.
    kids: u32,
    kid_count: u32,
}

const LEAF: u16 = u16::MAX;

/// A zero-length token shifted this many times at one place means the
/// tables go round in a circle; tree-sitter would end it as an error.
const MAX_EMPTY_SHIFTS: u32 = 64;

/// Steps (shifts and reductions) per byte of text beyond which the parse is
/// left to tree-sitter: a parse takes a few per token, so only tables that
/// go round in a circle reach it, and no text can hang the driver.
const MAX_STEPS_PER_BYTE: usize = 64;

struct Parse<'a> {
    tables: &'static Tables,
    lexer: Lexer<'a>,
    scanner: Scanner,
    /// The scanner's state after the last external token.
    scanner_state: Vec<u8>,
    buffer: Box<[u8; STATE_BUFFER]>,
    lists: Scratch,
}

/// A step of [`Parse::lay_out`].
enum Step {
    Visit { id: u32, alias: u16, field: u16 },
    Close(u32),
}

/// The working lists of a parse, kept by each thread from one file to the
/// next: a check parses thousands of short files, and allocating them
/// anew for each costs more than a short file's parse.
#[derive(Default)]
struct Scratch {
    /// Tokens and the nodes made of them, children before parents.
    pending: Vec<Pending>,
    /// The children of the nodes, a run for each.
    kids: Vec<u32>,
    /// The LR stack: states and what was made in them.
    stack: Vec<(u16, u32)>,
    steps: Vec<Step>,
}

/// Lists longer than this are not kept: a long file's would stay with
/// the thread for as long as it lives.
const SCRATCH_KEPT: usize = 1 << 16;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Scratch {
    /// The thread's lists, emptied, with room for a text of `len` bytes.
    fn take(len: usize) -> Scratch {
        let mut lists = SCRATCH
            .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok())
            .ok()
            .flatten()
            .unwrap_or_default();
        lists.pending.clear();
        lists.kids.clear();
        lists.stack.clear();
        lists.steps.clear();
        // About one token in eight bytes of markup.
        lists.pending.reserve(len / 8 + 16);
        lists.kids.reserve(len / 8 + 16);
        lists
    }

    /// Gives the lists back to the thread, unless one has grown long.
    fn keep(self) {
        let capacities = [
            self.pending.capacity(),
            self.kids.capacity(),
            self.stack.capacity(),
            self.steps.capacity(),
        ];
        if capacities.iter().all(|&c| c <= SCRATCH_KEPT) {
            let _ = SCRATCH.try_with(|s| {
                if let Ok(mut s) = s.try_borrow_mut() {
                    *s = self;
                }
            });
        }
    }
}

impl<'a> Parse<'a> {
    /// Lexes the token at `start` in `state`, as tree-sitter does: the
    /// external scanner first, where the state lets it, then the lexer.
    fn lex(&mut self, state: u16, start: usize) -> Option<Pending> {
        let (lex_state, external) = self.tables.lex_mode(state);
        if external != 0 {
            self.lexer.reset(start);
            // SAFETY: the scanner reads the state it wrote, through the
            // lexer it is given; the valid set is a row of the tables.
            let found = unsafe {
                emend_lr_scanner_deserialize(
                    self.scanner.0,
                    self.scanner_state.as_ptr() as *const c_char,
                    self.scanner_state.len() as u32,
                );
                emend_lr_scanner_scan(
                    self.scanner.0,
                    self.lexer.as_ts(),
                    emend_lr_external_valid(external),
                )
            };
            if self.lexer.skipped {
                return None;
            }
            if found {
                // SAFETY: the buffer has tree-sitter's size for a state.
                let len = unsafe {
                    emend_lr_scanner_serialize(
                        self.scanner.0,
                        self.buffer.as_mut_ptr() as *mut c_char,
                    )
                } as usize;
                self.scanner_state.clear();
                self.scanner_state
                    .extend_from_slice(self.buffer.get(..len)?);
                let symbol = *self
                    .tables
                    .external_symbols
                    .get(usize::from(self.lexer.base.result_symbol))?;
                return Some(self.token(symbol, start));
            }
        }
        if lex_state == u16::MAX {
            return None;
        }
        self.lexer.reset(start);
        // SAFETY: the generated lexer reads the text through the lexer.
        let found = unsafe { emend_lr_lex(self.lexer.as_ts(), lex_state) };
        if !found || self.lexer.skipped {
            return None;
        }
        let symbol = self.lexer.base.result_symbol;
        Some(self.token(symbol, start))
    }

    fn token(&self, symbol: u16, start: usize) -> Pending {
        Pending {
            symbol,
            production: LEAF,
            start: start as u32,
            end: self.lexer.end().max(start) as u32,
            kids: 0,
            kid_count: 0,
        }
    }

    fn push(&mut self, item: Pending) -> u32 {
        self.lists.pending.push(item);
        (self.lists.pending.len() - 1) as u32
    }

    /// Runs the tables over the text; the index of the root, or None where
    /// tree-sitter is needed.
    fn run(&mut self) -> Option<u32> {
        self.lists.stack.push((1, u32::MAX));
        let mut state: u16 = 1;
        let mut lookahead: Option<Pending> = None;
        let mut position = 0usize;
        let mut empty_shifts = 0u32;
        let max_steps = MAX_STEPS_PER_BYTE.saturating_mul(self.lexer.text.len() + 16);
        for _ in 0..max_steps {
            let token = match lookahead {
                Some(token) => token,
                None => {
                    let token = self.lex(state, position)?;
                    lookahead = Some(token);
                    token
                }
            };
            match self.tables.action(state, token.symbol) {
                Chosen::Shift(next) => {
                    if token.end == token.start {
                        empty_shifts += 1;
                        if empty_shifts > MAX_EMPTY_SHIFTS {
                            return None;
                        }
                    } else {
                        empty_shifts = 0;
                    }
                    let id = self.push(token);
                    state = next;
                    self.lists.stack.push((state, id));
                    position = token.end as usize;
                    lookahead = None;
                }
                Chosen::Reduce {
                    symbol,
                    child_count,
                    production,
                } => {
                    let n = usize::from(child_count);
                    if self.lists.stack.len() <= n {
                        return None;
                    }
                    let first_kid = self.lists.stack.len() - n;
                    let kids_at = self.lists.kids.len() as u32;
                    self.lists
                        .kids
                        .extend(self.lists.stack[first_kid..].iter().map(|(_, id)| *id));
                    let (start, end) = if n == 0 {
                        (token.start, token.start)
                    } else {
                        let first = self.lists.pending[self.lists.stack[first_kid].1 as usize];
                        let last = self.lists.pending
                            [self.lists.stack[self.lists.stack.len() - 1].1 as usize];
                        (first.start, last.end)
                    };
                    self.lists.stack.truncate(first_kid);
                    let id = self.push(Pending {
                        symbol,
                        production,
                        start,
                        end,
                        kids: kids_at,
                        kid_count: n as u32,
                    });
                    let below = self.lists.stack.last()?.0;
                    state = self.tables.goto(below, symbol);
                    if state == 0 {
                        return None;
                    }
                    self.lists.stack.push((state, id));
                }
                Chosen::Accept => {
                    if self.lists.stack.len() != 2 {
                        return None;
                    }
                    let root = self.lists.stack[1].1;
                    // The root reaches to the end of the text, where the
                    // end-of-input token stands.
                    let end = token.end;
                    let node = self.lists.pending.get_mut(root as usize)?;
                    node.start = 0;
                    node.end = end;
                    return Some(root);
                }
                Chosen::Fail => return None,
            }
        }
        None
    }

    /// Lays the parse out in document order: hidden nodes give their
    /// children to the visible node above them, aliases rename children,
    /// and a child takes the field its parent's production (or, through
    /// hidden nodes, an ancestor's) gives it.
    fn lay_out(&mut self, root: u32) -> SyntaxTree {
        let mut builder = Builder::with_capacity(self.lists.pending.len());
        self.lists.steps.push(Step::Visit {
            id: root,
            alias: 0,
            field: 0,
        });
        while let Some(step) = self.lists.steps.pop() {
            let (id, alias, field) = match step {
                Step::Close(end) => {
                    builder.close(end as usize);
                    continue;
                }
                Step::Visit { id, alias, field } => (id, alias, field),
            };
            let node = self.lists.pending[id as usize];
            let symbol = if alias != 0 { alias } else { node.symbol };
            let (visible, named, public) = self.tables.symbol(symbol);
            if visible {
                builder.open(
                    public,
                    field,
                    node.start as usize,
                    if named { NAMED } else { 0 },
                );
                self.lists.steps.push(Step::Close(node.end));
            }
            if node.production == LEAF {
                continue;
            }
            for i in (0..node.kid_count).rev() {
                let kid = self.lists.kids[(node.kids + i) as usize];
                let (kid_alias, own) = self.tables.child(node.production, i);
                let kid_field = match own {
                    0 if !visible => field,
                    own => own,
                };
                self.lists.steps.push(Step::Visit {
                    id: kid,
                    alias: kid_alias,
                    field: kid_field,
                });
            }
        }
        builder.finish()
    }
}

/// Parses a whole text with the tables alone, or None where tree-sitter's
/// runtime is needed (an error in the text, a fork of the parse).
pub fn parse(text: &str) -> Option<SyntaxTree> {
    // tree-sitter counts bytes in 32 bits.
    if u32::try_from(text.len()).is_err() {
        return None;
    }
    let mut parse = Parse {
        tables: Tables::get(),
        lexer: Lexer::new(text),
        scanner: Scanner::new()?,
        scanner_state: Vec::new(),
        buffer: Box::new([0; STATE_BUFFER]),
        lists: Scratch::take(text.len()),
    };
    let tree = parse.run().map(|root| parse.lay_out(root));
    parse.lists.keep();
    tree
}
