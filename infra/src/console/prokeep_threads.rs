//! What the Prokeep stand-in remembers, as Prokeep would: its sample conversation threads
//! (fixed content, so a walk through them is repeatable), which are closed and which case
//! each went to, and what the counter did about each parts request. In memory: a restart
//! of the local server opens the threads again (the transcripts on the cases stay).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use casebridge_core::ids::DealerId;
use casebridge_core::ports::transcripts::{Message, Participant, ThreadSnapshot, ThreadState};

/// A sample thread: a customer texting the location about their truck.
pub struct Sample {
    pub id: &'static str,
    pub subject: &'static str,
    pub customer: &'static str,
    pub phone: &'static str,
    /// (from the customer?, minutes after the first, text)
    pub messages: &'static [(bool, i64, &'static str)],
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "pk-thread-1001",
        subject: "Brakes on unit T-101",
        customer: "Mike Johnson (Johnson Tires)",
        phone: "+12145550123",
        messages: &[
            (
                true,
                0,
                "Hi, T-101 is pulling left when braking. Can you look at it today?",
            ),
            (
                false,
                4,
                "Yes, bring it in by noon and we'll check the brakes first.",
            ),
            (true, 9, "On my way. Driver is Sam, he'll have the keys."),
            (
                false,
                95,
                "Front pads are worn to 2 mm and the left caliper sticks. Estimate coming shortly.",
            ),
        ],
    },
    Sample {
        id: "pk-thread-1002",
        subject: "A/C on unit PH-22",
        customer: "Rosa Alvarez (Prairie Haulers)",
        phone: "+12145550187",
        messages: &[
            (
                true,
                0,
                "PH-22's A/C blows warm since yesterday. Driver leaves Thursday.",
            ),
            (
                false,
                12,
                "We can take it tomorrow at 7 AM. Probably the compressor clutch.",
            ),
            (true, 20, "Tomorrow 7 AM works."),
        ],
    },
];

/// When the sample conversations began (fixed, so transcripts are repeatable).
const FIRST_MESSAGE: &str = "2026-11-23T14:02:00Z";

impl Sample {
    pub fn find(id: &str) -> Option<&'static Sample> {
        SAMPLES.iter().find(|s| s.id == id)
    }

    /// The thread as the connector sends it, `open` or closed, from `dealer_name`'s side.
    pub fn snapshot(&self, dealer_name: &str, state: ThreadState) -> ThreadSnapshot {
        let first: jiff::Timestamp = FIRST_MESSAGE.parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let messages = self
            .messages
            .iter()
            .enumerate()
            .map(|(i, (from_customer, minutes, text))| Message {
                id: format!("{}-m{}", self.id, i + 1),
                sender_id: if *from_customer {
                    "customer"
                } else {
                    "advisor"
                }
                .into(),
                sent_at: (first + jiff::SignedDuration::from_mins(*minutes)).to_string(),
                body: (*text).into(),
                channel: Some("sms".into()),
                attachments: Vec::new(),
            })
            .collect();
        ThreadSnapshot {
            channel: "sms".into(),
            reference: Some(self.id.to_uppercase()),
            subject: Some(self.subject.into()),
            state,
            participants: vec![
                Participant {
                    id: "customer".into(),
                    name: self.customer.into(),
                    role: "customer".into(),
                    phone: Some(self.phone.into()),
                    email: None,
                },
                Participant {
                    id: "advisor".into(),
                    name: format!("Service advisor, {dealer_name}"),
                    role: "advisor".into(),
                    phone: None,
                    email: None,
                },
            ],
            messages,
        }
    }
}

/// What the stand-in remembers, per location.
#[derive(Default)]
pub struct StandIn(Mutex<Memory>);

#[derive(Default)]
struct Memory {
    closed: HashSet<(DealerId, String)>,
    /// The cases a thread was attached to, as Prokeep shows them ("Case #1001, Johnson Tires").
    attached: HashMap<(DealerId, String), Vec<String>>,
    /// What the counter did about a parts request, with what Case answered.
    steps: HashMap<(DealerId, String), Vec<String>>,
}

impl StandIn {
    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        // A panic elsewhere cannot leave this memory half-written: every change is one insert.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn is_closed(&self, dealer: &DealerId, thread: &str) -> bool {
        self.memory()
            .closed
            .contains(&(dealer.clone(), thread.to_string()))
    }

    pub fn close(&self, dealer: &DealerId, thread: &str) {
        self.memory()
            .closed
            .insert((dealer.clone(), thread.to_string()));
    }

    pub fn attached(&self, dealer: &DealerId, thread: &str) -> Vec<String> {
        let key = (dealer.clone(), thread.to_string());
        self.memory()
            .attached
            .get(&key)
            .cloned()
            .unwrap_or_default()
    }

    pub fn attach(&self, dealer: &DealerId, thread: &str, case: String) {
        let mut m = self.memory();
        let list = m
            .attached
            .entry((dealer.clone(), thread.to_string()))
            .or_default();
        if !list.contains(&case) {
            list.push(case);
        }
    }

    pub fn steps(&self, dealer: &DealerId, reference: &str) -> Vec<String> {
        let key = (dealer.clone(), reference.to_string());
        self.memory().steps.get(&key).cloned().unwrap_or_default()
    }

    pub fn record_step(&self, dealer: &DealerId, reference: &str, step: String) {
        let mut m = self.memory();
        m.steps
            .entry((dealer.clone(), reference.to_string()))
            .or_default()
            .push(step);
    }
}
