//! Reference data: the national FINESS extract and the référencé Ségur solutions, in the
//! store's reference tables, with search.

pub mod essms_list;
pub mod etablissement;
pub mod finess_file;
pub mod finess_import;
pub mod refresh;
pub mod samples;
pub mod search;
pub(crate) mod search_index;
pub mod solutions;
pub(crate) mod table_file;
pub mod words;
pub(crate) mod workbook;
