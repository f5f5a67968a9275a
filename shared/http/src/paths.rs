//! The routes' path parameters as typed structs: parsed once at the edge (by [`crate::Path`])
//! into `casebridge_core::ids`, so a service never parses an id again, and documented from
//! the same struct (each id with its pattern). A bad id answers as `ids::refused` says.

use casebridge_core::ids::{
    AttachmentId, CaseId, ContactId, CustomerId, DealerId, EstimateId, OemId, PartsRequestId,
    PhotoId, ThreadId,
};
use serde::Deserialize;
use utoipa::IntoParams;

/// Declares one path shape: its fields, their types and their descriptions.
macro_rules! path_params {
    ($(#[$doc:meta])* $name:ident { $($(#[doc = $field_doc:literal])* $field:ident : $ty:ty,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Deserialize, IntoParams)]
        #[serde(rename_all = "camelCase")]
        #[into_params(parameter_in = Path, rename_all = "camelCase")]
        pub struct $name {
            $(
                $(#[doc = $field_doc])*
                #[param(value_type = String, pattern = "^[A-Za-z0-9_-]{1,64}$")]
                pub $field: $ty,
            )+
        }
    };
}

path_params!(
    /// `/v1/cases/{caseId}…`
    CasePath {
        /// The case
        case_id: CaseId,
    }
);
path_params!(
    /// `/v1/cases/{caseId}/parts-escalations`
    PartsHoldCasePath {
        /// The case (on Parts Hold)
        case_id: CaseId,
    }
);
path_params!(
    /// `/v1/cases/{caseId}/attachments/{attachmentId}…`
    AttachmentPath {
        /// The case
        case_id: CaseId,
        /// The attachment
        attachment_id: AttachmentId,
    }
);
path_params!(
    /// `/v1/cases/{caseId}/estimates/{estimateId}…`
    EstimatePath {
        /// The case
        case_id: CaseId,
        /// The estimate
        estimate_id: EstimateId,
    }
);
path_params!(
    /// `/v1/cases/{caseId}/invitations/{contactId}`
    InvitationPath {
        /// The case
        case_id: CaseId,
        /// The invited contact
        contact_id: ContactId,
    }
);
path_params!(
    /// `/v1/dealers/{dealerId}…`
    DealerPath {
        /// The dealer
        dealer_id: DealerId,
    }
);
path_params!(
    /// `/v1/oems/{oemId}…`
    OemPath {
        /// The OEM
        oem_id: OemId,
    }
);
path_params!(
    /// `/v1/customers/{customerId}…`
    CustomerPath {
        /// The customer
        customer_id: CustomerId,
    }
);
path_params!(
    /// `/v1/customers/{customerId}/refresh-from-procede`
    DmsCustomerPath {
        /// A DMS-sourced Case customer
        customer_id: CustomerId,
    }
);
path_params!(
    /// `/v1/contacts/{contactId}…`
    ContactPath {
        /// The contact
        contact_id: ContactId,
    }
);
path_params!(
    /// `/v1/contacts/{contactId}/merge`
    LeavingContactPath {
        /// The contact that goes
        contact_id: ContactId,
    }
);
path_params!(
    /// `/v1/prokeep/threads/{threadId}…`
    ThreadPath {
        /// Prokeep's thread id
        thread_id: ThreadId,
    }
);
path_params!(
    /// `/v1/prokeep/parts-requests/{requestId}/events`
    PartsRequestPath {
        /// The parts request, as the escalation quoted it
        request_id: PartsRequestId,
    }
);

/// `/v1/dealers/{dealerId}/connector-secrets/{secretId}` (a secret's id is any text: it
/// never goes into a key).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Path, rename_all = "camelCase")]
pub struct SecretPath {
    /// The dealer
    #[param(value_type = String, pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub dealer_id: DealerId,
    /// The secret
    pub secret_id: String,
}

/// `/v1/cases/{caseId}/estimates/{estimateId}/versions/{n}…`
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Path, rename_all = "camelCase")]
pub struct EstimateVersionPath {
    /// The case
    #[param(value_type = String, pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub case_id: CaseId,
    /// The estimate
    #[param(value_type = String, pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub estimate_id: EstimateId,
    /// The version's number (1 is the first sent)
    #[param(minimum = 1, maximum = 50)]
    pub n: u32,
}

path_params!(
    /// `/v1/cases/{caseId}/estimates/{estimateId}/lines/{lineId}/photos`
    LinePhotosPath {
        /// The case
        case_id: CaseId,
        /// The estimate
        estimate_id: EstimateId,
        /// The line (its `id` in the estimate)
        line_id: String,
    }
);
path_params!(
    /// `/v1/cases/{caseId}/estimates/{estimateId}/lines/{lineId}/photos/{photoId}`
    LinePhotoPath {
        /// The case
        case_id: CaseId,
        /// The estimate
        estimate_id: EstimateId,
        /// The line (its `id` in the estimate)
        line_id: String,
        /// The photo
        photo_id: PhotoId,
    }
);
