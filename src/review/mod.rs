//! Stage 2: the review of a read [`Workbook`](crate::grid::Workbook), pure (no file, no
//! terminal): for every visible sheet [`locate`] the table → build the [`model`] tree →
//! score each indicator with its [`rule`](crate::rule) and run the [`checks`] →
//! [`evaluate`]'s [`WorkbookEval`](evaluate::WorkbookEval).

pub mod checks;
pub mod evaluate;
pub mod formula;
pub mod locate;
pub mod model;
pub mod num;
