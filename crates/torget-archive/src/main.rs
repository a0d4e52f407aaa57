//! `torget-archive`: the archive bridge's command line.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use torget_archive::bridge::Bridge;
use torget_archive::config::Config;

#[derive(Parser)]
#[command(name = "torget-archive", version, about = "Hands Torget's requests to the archive, each exactly once")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fetch, open and deliver requests and read receipts, every `every_seconds`.
    Run {
        #[arg(long, short)]
        config: PathBuf,
        /// One round, then stop (for a timer unit or a test).
        #[arg(long)]
        once: bool,
    },
    /// Check the configuration file and say what is wrong.
    Check {
        #[arg(long, short)]
        config: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    torget_common::init_logging();
    match Cli::parse().command {
        Command::Check { config } => {
            Config::load(&config).map_err(anyhow::Error::msg)?;
            println!("{}: fine", config.display());
            Ok(())
        }
        Command::Run { config, once } => {
            let config = Config::load(&config).map_err(anyhow::Error::msg)?;
            let every = Duration::from_secs(config.every_seconds.max(1));
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("a runtime")?;
            runtime.block_on(async {
                let mut bridge = Bridge::open(config).map_err(anyhow::Error::msg)?;
                loop {
                    let done = bridge.round().await;
                    for problem in &done.problems {
                        tracing::warn!(%problem, "archive bridge");
                    }
                    if once {
                        println!("packages: {}, receipts: {}", done.packages, done.receipts);
                        if !done.problems.is_empty() {
                            bail!("{}", done.problems.join("\n"));
                        }
                        return Ok(());
                    }
                    tokio::time::sleep(every).await;
                }
            })
        }
    }
}
