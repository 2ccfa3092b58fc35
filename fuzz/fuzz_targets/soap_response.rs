#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| psi_fuzz::runtime_targets::soap_response(data));
