#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| psi_fuzz::codegen_targets::swagger2(data));
