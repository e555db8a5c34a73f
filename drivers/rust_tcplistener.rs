// SPDX-License-Identifier: Apache-2.0
// rust-tcplistener: std::net::TcpListener::bind(addr). std has no backlog parameter: it calls
// listen(fd, 128) (library/std/src/sys_common/net.rs, TcpListener::bind: `let backlog = 128;`,
// 20 on horizon). Only "default" is meaningful. Built by CMake when rustc is present, else by
// rust_tcplistener.sh into the private directory; LC_RUSTC_VERSION is set at compile time.
use std::io::Write;
use std::net::TcpListener;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 || args[1] != "default" {
        eprintln!("rust-tcplistener: TcpListener::bind takes no backlog; only 'default'");
        std::process::exit(2);
    }
    println!("version {}", option_env!("LC_RUSTC_VERSION").unwrap_or("unknown"));
    let listener = TcpListener::bind(("127.0.0.1", args[2].parse::<u16>().expect("port")));
    let listener = match listener {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}", e);
            std::process::exit(1);
        }
    };
    println!("listening");
    let _ = std::io::stdout().flush();
    loop {
        // Never accept(); keep the listener open until the worker kills the group.
        std::thread::park();
        let _ = &listener;
    }
}
