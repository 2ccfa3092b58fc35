//! Hand-written runtime (being written).
