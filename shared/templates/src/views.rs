//! What the page and the email show, as plain data the core fills in.

/// Where a line of an estimate stands, as the customer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStatus {
    /// Waiting for the customer's decision.
    Waiting,
    Approved,
    Deferred,
    Declined,
}

/// A note as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteView {
    pub author: String,
    /// In the dealer's zone, as people read it.
    pub time: String,
    pub text: String,
}

/// A line of an estimate as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineView {
    pub id: String,
    pub description: String,
    /// "Part", "Labour", "Fee".
    pub kind: &'static str,
    pub part_number: Option<String>,
    pub quantity: f64,
    /// "2 × $450.00": how the total is made, so the customer can check it.
    pub quantity_times_price: String,
    pub total: String,
    pub total_cents: i64,
    /// Whether tax is charged on the line.
    pub taxable: bool,
    pub status: LineStatus,
    pub reason: Option<String>,
}

/// One row of an estimate's totals ("Labour", "$1,200.00").
#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    pub label: String,
    pub amount: String,
}

/// An estimate sent for approval, at its current version.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateView {
    pub id: String,
    pub version: u32,
    pub lines: Vec<LineView>,
    /// Parts, labour, fees, subtotal, shop supplies, tax: the rows the total is made of.
    pub total_rows: Vec<TotalRow>,
    pub total: String,
    /// What will be billed for what is approved (tax included when it is computed).
    pub approved: String,
    pub approved_cents: i64,
    /// The approved amount leaves a lump-sum tax out (the page says "before tax").
    pub approved_before_tax: bool,
    /// What the page's script needs to follow the choices with the same rule: the approved
    /// lines' sum and its taxable part, whether any line is approved, the shop supplies, and
    /// the tax rate in thousandths of a percent (none: a lump-sum tax, the amount is before
    /// tax).
    pub approved_subtotal_cents: i64,
    pub approved_taxable_cents: i64,
    pub any_approved: bool,
    pub shop_supplies_cents: i64,
    pub tax_rate_milli_percent: Option<i64>,
    /// Whether any line still waits for the customer.
    pub waiting: bool,
    /// Whether this contact was asked to decide the version (others read it).
    pub may_decide: bool,
    /// Who was asked ("Jo Fleet and Dave Driver"); empty when every recipient was.
    pub asked: String,
    /// Versions sent and decisions recorded, oldest first, as sentences.
    pub history: Vec<String>,
}

/// Everything the page shows; the function crate renders it (HTML, escaped by its template).
#[derive(Debug, Clone, PartialEq)]
pub struct PageView {
    pub dealer: String,
    pub case: String,
    pub unit: String,
    pub status: String,
    pub notes: Vec<NoteView>,
    /// The cursor of the next (older) page of notes, if there is one.
    pub older_notes: Option<String>,
    pub estimates: Vec<EstimateView>,
    /// A fresh id for this rendering's forms: a re-sent form is recognised.
    pub submission: String,
}

/// What an email's unsubscribe link opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubscribeView {
    pub dealer_name: String,
    /// The address, masked (`j•••@fleet.example`): a forwarded email's link shows no one
    /// else the address.
    pub email: String,
}

/// What a notification email says (its text part says the same).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailView<'a> {
    pub subject: &'a str,
    pub dealer: &'a str,
    /// "Case #1001 (Jo Fleet), unit 4411".
    pub about: &'a str,
    /// What happened, as a sentence (its full stop included).
    pub headline: &'a str,
    /// A note's words, when the email carries one.
    pub detail: Option<&'a str>,
    /// The case page's signed link.
    pub link: &'a str,
    /// How to reply, in the dealer's reply mode.
    pub reply: &'a str,
    /// The dealer's number, as people read it.
    pub phone: Option<&'a str>,
    pub unsubscribe: &'a str,
}
