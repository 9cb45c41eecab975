//! The syntax tree of a markup file as a value: every node of a parse in one
//! array, in document order, with links to parent and siblings.
//!
//! Tree-sitter's tree is built for incremental re-parsing; walking it goes
//! through cursors that climb its hidden nodes. What reads a tree (the fact
//! extraction, the views, the export) only needs its visible nodes, so a
//! parse is laid out here once, and every later walk is a step in an array.
//! It also lets a front end other than tree-sitter produce the same tree.

use std::ops::Range;

/// No node: the parent of the root, the sibling after the last child.
const NONE: u32 = u32::MAX;

/// tree-sitter's symbol of an ERROR node.
pub(super) const ERROR_SYMBOL: u16 = u16::MAX;

pub(super) const NAMED: u8 = 1;
const ERROR: u8 = 2;
const MISSING: u8 = 4;
const HAS_ERROR: u8 = 8;

/// One node: its grammar symbol, the field it fills in its parent, its
/// bytes, and its neighbours. The first child of a node with children is the
/// node right after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    start: u32,
    end: u32,
    parent: u32,
    next: u32,
    prev: u32,
    last_child: u32,
    symbol: u16,
    /// tree-sitter's field id, 0 for none.
    field: u16,
    flags: u8,
}

/// A parsed file's nodes. Compare two with `==`: same nodes, same symbols,
/// fields and byte ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyntaxTree {
    slots: Vec<Slot>,
}

/// A node of a [`SyntaxTree`]: a reference into it, cheap to copy.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t SyntaxTree,
    index: u32,
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.tree, other.tree) && self.index == other.index
    }
}

impl Eq for Node<'_> {}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{{{} {:?}}}", self.kind(), self.byte_range())
    }
}

impl SyntaxTree {
    /// Lays out a tree-sitter parse: its visible nodes, named and anonymous.
    pub fn from_tree_sitter(tree: &tree_sitter::Tree) -> SyntaxTree {
        let root = tree.root_node();
        let mut builder = Builder::with_capacity(root.descendant_count());
        let mut cursor = root.walk();
        loop {
            let node = cursor.node();
            let field = cursor.field_id().map_or(0, |f| f.get());
            builder.open(node.kind_id(), field, node.start_byte(), flags_of(&node));
            if cursor.goto_first_child() {
                continue;
            }
            builder.close(node.end_byte());
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return builder.finish();
                }
                builder.close(cursor.node().end_byte());
            }
        }
    }

    /// The root node. A tree always has one.
    pub fn root_node(&self) -> Node<'_> {
        Node {
            tree: self,
            index: 0,
        }
    }

    /// How many nodes the tree holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    fn slot(&self, index: u32) -> &Slot {
        // Every index handed out points into the slots; a tree built by the
        // builder has at least its root.
        &self.slots[index as usize]
    }
}

fn flags_of(node: &tree_sitter::Node) -> u8 {
    let mut flags = 0;
    if node.is_named() {
        flags |= NAMED;
    }
    if node.is_error() {
        flags |= ERROR;
    }
    if node.is_missing() {
        flags |= MISSING;
    }
    if node.has_error() {
        flags |= HAS_ERROR;
    }
    flags
}

/// Builds a tree in document order: `open` a node, its children, then
/// `close` it.
pub(super) struct Builder {
    slots: Vec<Slot>,
    /// The nodes opened and not yet closed, innermost last.
    open: Vec<u32>,
}

impl Builder {
    pub(super) fn with_capacity(nodes: usize) -> Builder {
        Builder {
            slots: Vec::with_capacity(nodes),
            open: Vec::with_capacity(32),
        }
    }

    /// Opens a node as the next child of the innermost open node.
    pub(super) fn open(&mut self, symbol: u16, field: u16, start: usize, flags: u8) {
        let index = self.slots.len() as u32;
        let parent = self.open.last().copied().unwrap_or(NONE);
        let mut prev = NONE;
        if parent != NONE {
            let p = &mut self.slots[parent as usize];
            prev = p.last_child;
            p.last_child = index;
            if prev != NONE {
                self.slots[prev as usize].next = index;
            }
        }
        self.slots.push(Slot {
            start: offset(start),
            end: offset(start),
            parent,
            next: NONE,
            prev,
            last_child: NONE,
            symbol,
            field,
            flags,
        });
        self.open.push(index);
    }

    /// Closes the innermost open node at `end`.
    pub(super) fn close(&mut self, end: usize) {
        if let Some(index) = self.open.pop() {
            self.slots[index as usize].end = offset(end);
        }
    }

    pub(super) fn finish(mut self) -> SyntaxTree {
        while !self.open.is_empty() {
            let end = self.slots.last().map_or(0, |s| s.end as usize);
            self.close(end);
        }
        if self.slots.is_empty() {
            self.open(0, 0, 0, NAMED);
            self.close(0);
        }
        // Not shrunk: a tree lives while its file's facts are read, and a
        // copy into a smaller allocation costs more than the room it frees.
        SyntaxTree { slots: self.slots }
    }
}

/// tree-sitter counts bytes in 32 bits, so every offset of a parse fits.
fn offset(byte: usize) -> u32 {
    u32::try_from(byte).unwrap_or(u32::MAX)
}

impl<'t> Node<'t> {
    fn slot(&self) -> &'t Slot {
        self.tree.slot(self.index)
    }

    fn at(&self, index: u32) -> Option<Node<'t>> {
        (index != NONE).then_some(Node {
            tree: self.tree,
            index,
        })
    }

    /// The grammar's symbol of the node (an alias's, where it has one).
    pub fn kind_id(&self) -> u16 {
        self.slot().symbol
    }

    /// The grammar's name of the node's kind, for messages.
    pub fn kind(&self) -> &'static str {
        if self.is_error() {
            return "ERROR";
        }
        super::kind::name_of_id(self.kind_id())
    }

    /// tree-sitter's id of the field this node fills in its parent, 0 for none.
    pub fn field_id(&self) -> u16 {
        self.slot().field
    }

    /// A number that tells this node from every other node of its tree.
    pub fn id(&self) -> usize {
        self.index as usize
    }

    pub fn is_named(&self) -> bool {
        self.slot().flags & NAMED != 0
    }

    pub fn is_error(&self) -> bool {
        self.slot().flags & ERROR != 0
    }

    pub fn is_missing(&self) -> bool {
        self.slot().flags & MISSING != 0
    }

    /// Whether the node is or holds an error or a missing token.
    pub fn has_error(&self) -> bool {
        self.slot().flags & HAS_ERROR != 0
    }

    pub fn start_byte(&self) -> usize {
        self.slot().start as usize
    }

    pub fn end_byte(&self) -> usize {
        self.slot().end as usize
    }

    pub fn byte_range(&self) -> Range<usize> {
        self.start_byte()..self.end_byte()
    }

    pub fn parent(&self) -> Option<Node<'t>> {
        self.at(self.slot().parent)
    }

    pub fn first_child(&self) -> Option<Node<'t>> {
        (self.slot().last_child != NONE).then_some(Node {
            tree: self.tree,
            index: self.index + 1,
        })
    }

    pub fn last_child(&self) -> Option<Node<'t>> {
        self.at(self.slot().last_child)
    }

    pub fn next_sibling(&self) -> Option<Node<'t>> {
        self.at(self.slot().next)
    }

    pub fn prev_sibling(&self) -> Option<Node<'t>> {
        self.at(self.slot().prev)
    }

    pub fn next_named_sibling(&self) -> Option<Node<'t>> {
        let mut at = self.next_sibling();
        while let Some(node) = at {
            if node.is_named() {
                return Some(node);
            }
            at = node.next_sibling();
        }
        None
    }

    pub fn prev_named_sibling(&self) -> Option<Node<'t>> {
        let mut at = self.prev_sibling();
        while let Some(node) = at {
            if node.is_named() {
                return Some(node);
            }
            at = node.prev_sibling();
        }
        None
    }

    /// The children, named and anonymous, in order.
    pub fn children(&self) -> Children<'t> {
        Children {
            next: self.first_child(),
        }
    }

    /// The named children, in order.
    pub fn named_children(&self) -> impl Iterator<Item = Node<'t>> {
        self.children().filter(|c| c.is_named())
    }

    /// The first child that fills the field with tree-sitter's id `field`.
    pub fn child_by_field_id(&self, field: u16) -> Option<Node<'t>> {
        self.children().find(|c| c.slot().field == field)
    }

    /// The nodes of the subtree, this one first, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = Node<'t>> {
        let tree = self.tree;
        let end = self.subtree_end();
        (self.index..end).map(move |index| Node { tree, index })
    }

    /// The index after the last node of this subtree: its last node is
    /// the last child of the last child … of this one.
    fn subtree_end(&self) -> u32 {
        let mut at = *self;
        while let Some(last) = at.last_child() {
            at = last;
        }
        at.index + 1
    }
}

/// The children of a node, in order.
pub struct Children<'t> {
    next: Option<Node<'t>>,
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        let node = self.next?;
        self.next = node.next_sibling();
        Some(node)
    }
}
