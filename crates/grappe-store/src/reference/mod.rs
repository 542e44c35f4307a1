//! Reference data: the national FINESS extract and the référencé Ségur solutions, in the
//! store's reference tables, with search.

pub(crate) mod cell;
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

/// Fuzzing support: reads a table file (CSV, XLSX, ODS) as every import does, and returns how
/// many rows it has.
#[doc(hidden)]
pub fn read_table(path: &std::path::Path) -> Result<usize, crate::StoreError> {
    table_file::read_rows(path).map(|rows| rows.len())
}
