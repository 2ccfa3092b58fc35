#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| psi_fuzz::codegen_targets::xsd(data));
