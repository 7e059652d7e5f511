//! A TCP proxy in front of the database that can "go down": every open
//! connection is cut and new ones are closed at once, as when PostgreSQL
//! stops, without stopping the PostgreSQL the other tests share.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct OutageProxy {
    pub port: u16,
    down: Arc<AtomicBool>,
    /// Tells the open connections to drop when the database goes down.
    cut: watch::Sender<u64>,
}

impl OutageProxy {
    /// Listens on a free port and forwards to 127.0.0.1:`target`.
    pub async fn start(target: u16) -> OutageProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let down = Arc::new(AtomicBool::new(false));
        let (cut, _) = watch::channel(0u64);
        let (accepting_down, accepting_cut) = (down.clone(), cut.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if accepting_down.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let mut cut = accepting_cut.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(("127.0.0.1", target)).await else {
                        return;
                    };
                    tokio::select! {
                        _ = copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        OutageProxy { port, down, cut }
    }

    /// Down: cuts every connection and refuses new ones. Up: forwards again.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
        if down {
            self.cut.send_modify(|n| *n += 1);
        }
    }
}
