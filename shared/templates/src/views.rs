//! What the page and the email show, as plain data the core fills in.

pub use crate::words::Language;

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
    pub kind: String,
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
    /// The technician's photos of it, oldest first.
    pub photos: Vec<PhotoThumb>,
}

/// A photo under its line: a thumbnail that opens full size.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoThumb {
    pub id: String,
    /// The advisor's caption: the image's alt text.
    pub caption: String,
}

/// A job's lines shown together ("Front brake job — $1,650.00"), or one line of no job.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionView {
    /// The job's name; none for a line of no job.
    pub job: Option<String>,
    pub total: String,
    /// The lines, as indices into the estimate's lines.
    pub lines: Vec<usize>,
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
    /// The lines as shown: each job's together, with its total.
    pub sections: Vec<SectionView>,
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
    /// Where it stands, in a few words ("Waiting for your decision", "Decided").
    pub standing: String,
    /// What sending decisions asks for: the approver's name (prefilled with the contact's),
    /// a PO number (required when the dealer says so), and the sentence agreed to.
    pub approver: String,
    pub po_required: bool,
    pub statement: String,
    /// Whether this contact was asked to decide the version (others read it).
    pub may_decide: bool,
    /// Whether this is the contact's first look at this version (then it is recorded).
    pub first_look: bool,
    /// Who was asked ("Jo Fleet and Dave Driver"), and how many they are.
    pub asked: String,
    pub asked_count: usize,
    /// Versions sent and decisions recorded, oldest first, as sentences.
    pub history: Vec<String>,
}

/// The dealer as every customer page shows it, error pages included.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealerView {
    pub name: String,
    pub address: Option<String>,
    /// As people read it, and in E.164 for `tel:`.
    pub phone: Option<String>,
    pub tel: Option<String>,
}

/// The case as the customer knows it: theirs, their unit, where it stands. No id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseView {
    /// "#1042"; none for a case from before numbering (its id is never shown).
    pub number: Option<String>,
    pub customer: String,
    pub unit: String,
    /// "Freightliner Cascadia".
    pub vehicle: Option<String>,
    pub vin: Option<String>,
    /// In the customer's words ("Waiting for parts").
    pub status: String,
}

/// Which of the two views a page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Showing {
    /// The messages, a reply form, and the estimates as links.
    Notes,
    /// One estimate to read and decide (its id), with a link to the messages.
    Estimate(String),
}

/// Everything a page shows; the function crate renders it (HTML, escaped by its template).
#[derive(Debug, Clone, PartialEq)]
pub struct PageView {
    /// The language it is shown in.
    pub language: Language,
    pub showing: Showing,
    pub dealer: DealerView,
    pub case: CaseView,
    pub notes: Vec<NoteView>,
    /// The cursor of the next (older) page of notes, if there is one.
    pub older_notes: Option<String>,
    /// The notes view: every estimate sent (as links); the estimate view: that one.
    pub estimates: Vec<EstimateView>,
    /// A fresh id for this rendering's forms: a re-sent form is recognised.
    pub submission: String,
}

/// What the thank-you page shows after decisions: the estimate as it now stands.
#[derive(Debug, Clone, PartialEq)]
pub struct DecidedView {
    pub language: Language,
    pub dealer: DealerView,
    pub case: CaseView,
    pub estimate: EstimateView,
    /// "2 lines".
    pub decided: String,
    /// "$999.25", with " before tax" when the tax is a lump sum.
    pub approved: String,
    pub approver: String,
    pub po_number: Option<String>,
}

/// What an email's unsubscribe link opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubscribeView {
    pub language: Language,
    pub dealer_name: String,
    /// The address, masked (`j•••@fleet.example`): a forwarded email's link shows no one
    /// else the address.
    pub email: String,
}

/// What a notification email says (its text part says the same).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailView<'a> {
    pub language: Language,
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
    /// A PDF the email carries (the decided estimate version), by its signed link.
    pub pdf: Option<&'a str>,
    /// How to reply, in the dealer's reply mode.
    pub reply: &'a str,
    /// The dealer's number, as people read it.
    pub phone: Option<&'a str>,
    pub unsubscribe: &'a str,
}
