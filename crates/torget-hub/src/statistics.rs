//! Usage figures that can point at nobody: tables with small cells hidden, and as many more cells
//! hidden as it takes that no hidden one can be worked out from what is shown.
//!
//! A table is cells in rows and columns, with row totals, column totals and a grand total, each
//! of them shown or not shown by the table's nature (a funnel's row total over its stages means
//! nothing and is never shown). A cell or total counting 1 to `threshold − 1` is hidden (primary
//! suppression). Then secondary suppression: the identities "a row's cells add up to its total",
//! "a column's cells add up to its total" and "the totals add up to the grand total" are a flow
//! network (a node per row, per column, and one for each set of totals; an edge per figure), and a
//! hidden figure can be worked out exactly when, among the hidden figures, its edge is a bridge
//! (on no cycle). While one is, the cheapest path of shown figures that closes a cycle through it
//! is hidden too. Every figure that is not shown by nature is an edge that is always hidden.

use std::collections::BTreeSet;

/// The smallest threshold there may be: a cell of 1–4 visits is always hidden.
pub const MIN_THRESHOLD: u64 = 5;

/// A table of counts and which of its totals it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub cells: Vec<Vec<u64>>,
    pub row_totals: bool,
    pub column_totals: bool,
    pub grand_total: bool,
}

/// A figure as published: its value, or hidden.
pub type Shown = Option<u64>;

/// A table after suppression: what may be shown of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<Shown>>,
    /// `None` also where the table does not show the total by nature.
    pub row_totals: Vec<Shown>,
    pub column_totals: Vec<Shown>,
    pub grand_total: Shown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figure {
    Cell(usize, usize),
    Row(usize),
    Column(usize),
    Grand,
}

struct Edge {
    figure: Figure,
    a: usize,
    b: usize,
    value: u64,
    hidden: bool,
    /// A small figure (1 to threshold − 1), which must not be worked out.
    sensitive: bool,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    pub fn columns(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }

    pub fn row_total(&self, i: usize) -> u64 {
        self.cells[i].iter().sum()
    }

    pub fn column_total(&self, j: usize) -> u64 {
        self.cells.iter().map(|r| r[j]).sum()
    }

    /// The figures that may be shown, with `threshold` (never below [`MIN_THRESHOLD`]).
    pub fn publish(&self, threshold: u64) -> Published {
        let threshold = threshold.max(MIN_THRESHOLD);
        let (rows, columns) = (self.rows(), self.columns());
        // Nodes: rows 0..rows, columns rows..rows+columns, the row totals' node, the columns'.
        let (sum_rows, sum_columns) = (rows + columns, rows + columns + 1);
        let small = |v: u64| v > 0 && v < threshold;
        let mut edges = Vec::new();
        for i in 0..rows {
            for j in 0..columns {
                let v = self.cells[i][j];
                edges.push(Edge {
                    figure: Figure::Cell(i, j),
                    a: i,
                    b: rows + j,
                    value: v,
                    hidden: small(v),
                    sensitive: small(v),
                });
            }
        }
        for i in 0..rows {
            let v = self.row_total(i);
            let (hidden, sensitive) = (!self.row_totals || small(v), small(v));
            edges.push(Edge { figure: Figure::Row(i), a: i, b: sum_rows, value: v, hidden, sensitive });
        }
        for j in 0..columns {
            let v = self.column_total(j);
            let (hidden, sensitive) = (!self.column_totals || small(v), small(v));
            edges.push(Edge { figure: Figure::Column(j), a: rows + j, b: sum_columns, value: v, hidden, sensitive });
        }
        let grand: u64 = self.cells.iter().flatten().sum();
        let (hidden, sensitive) = (!self.grand_total || small(grand), small(grand));
        edges.push(Edge { figure: Figure::Grand, a: sum_rows, b: sum_columns, value: grand, hidden, sensitive });
        let nodes = rows + columns + 2;
        while let Some(bridge) = first_bridge(nodes, &edges) {
            let path = cheapest_other_path(nodes, &edges, bridge);
            debug_assert!(path.iter().any(|&e| !edges[e].hidden), "a bridge with a hidden cycle");
            for e in path {
                edges[e].hidden = true;
            }
        }
        let mut published = Published {
            cells: vec![vec![None; columns]; rows],
            row_totals: vec![None; rows],
            column_totals: vec![None; columns],
            grand_total: None,
        };
        for e in &edges {
            let shown = (!e.hidden).then_some(e.value);
            match e.figure {
                Figure::Cell(i, j) => published.cells[i][j] = shown,
                Figure::Row(i) => published.row_totals[i] = shown,
                Figure::Column(j) => published.column_totals[j] = shown,
                Figure::Grand => published.grand_total = shown,
            }
        }
        published
    }
}

/// A hidden small figure on no cycle of hidden edges (a bridge), if there is one.
fn first_bridge(nodes: usize, edges: &[Edge]) -> Option<usize> {
    let mut adjacent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (k, e) in edges.iter().enumerate().filter(|(_, e)| e.hidden) {
        adjacent[e.a].push((e.b, k));
        adjacent[e.b].push((e.a, k));
    }
    // Tarjan's bridges, iteratively: discovery order and the lowest order reachable.
    let mut order = vec![usize::MAX; nodes];
    let mut low = vec![0; nodes];
    let mut next = 0;
    for root in 0..nodes {
        if order[root] != usize::MAX {
            continue;
        }
        order[root] = next;
        low[root] = next;
        next += 1;
        // (node, the edge it was entered by, the next neighbour to look at)
        let mut stack = vec![(root, usize::MAX, 0)];
        while let Some(top) = stack.len().checked_sub(1) {
            let (node, via, at) = stack[top];
            if let Some(&(to, edge)) = adjacent[node].get(at) {
                stack[top].2 += 1;
                if edge == via {
                    continue;
                }
                if order[to] == usize::MAX {
                    order[to] = next;
                    low[to] = next;
                    next += 1;
                    stack.push((to, edge, 0));
                } else {
                    low[node] = low[node].min(order[to]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    low[parent] = low[parent].min(low[node]);
                    if low[node] > order[parent] && edges[via].sensitive {
                        return Some(via);
                    }
                }
            }
        }
    }
    None
}

/// The edges of the cheapest path between the ends of `bridge` that does not use it: hidden edges
/// cost nothing, shown ones their value plus one (so fewer, smaller figures are hidden).
fn cheapest_other_path(nodes: usize, edges: &[Edge], bridge: usize) -> Vec<usize> {
    let (from, to) = (edges[bridge].a, edges[bridge].b);
    let mut cost = vec![u64::MAX; nodes];
    let mut came: Vec<Option<usize>> = vec![None; nodes];
    let mut queue = BTreeSet::from([(0u64, from)]);
    cost[from] = 0;
    while let Some((c, node)) = queue.pop_first() {
        if node == to {
            break;
        }
        if c > cost[node] {
            continue;
        }
        for (k, e) in edges.iter().enumerate() {
            if k == bridge || (e.a != node && e.b != node) {
                continue;
            }
            let other = if e.a == node { e.b } else { e.a };
            let step = if e.hidden { 0 } else { e.value.saturating_add(1) };
            let through = c.saturating_add(step);
            if through < cost[other] {
                cost[other] = through;
                came[other] = Some(k);
                queue.insert((through, other));
            }
        }
    }
    let mut path = Vec::new();
    let mut node = to;
    while node != from {
        let k = came[node].expect("every figure is on a path through the totals");
        path.push(k);
        node = if edges[k].a == node { edges[k].b } else { edges[k].a };
    }
    path
}

/// A table with its row and column names, published with a threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// What the table is: `funnel`, `gave-up`, `languages`, `help-by-place`, `satisfaction`,
    /// `choices` or `sent-per-week`.
    pub kind: &'static str,
    /// The service the table is about, or empty.
    pub service: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub published: Published,
}

/// The figures of a period, from the store: totals per place, service, language and counter, and
/// requests sent per day and service.
pub struct Figures<'a> {
    pub totals: &'a [crate::store::UsageTotal],
    pub sent_daily: &'a [crate::store::DailyFigure],
}

/// The counters that say how visitors chose to use the kiosk, in the order they are shown.
pub const CHOICES: [&str; 6] =
    ["speech-on", "larger-text", "high-contrast", "language-changed", "info-opened", "receipt-printed"];

impl Figures<'_> {
    fn sum(&self, place: Option<&str>, keep: impl Fn(&crate::store::UsageTotal) -> bool) -> u64 {
        self.totals.iter().filter(|t| place.is_none_or(|p| t.place == p) && keep(t)).map(|t| t.value).sum()
    }

    fn services(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self.totals.iter().map(|t| t.service.as_str()).filter(|s| !s.is_empty()).collect();
        set.into_iter().map(str::to_string).collect()
    }

    fn languages(&self, place: Option<&str>) -> Vec<String> {
        let set: BTreeSet<&str> =
            self.totals.iter().filter(|t| place.is_none_or(|p| t.place == p)).map(|t| t.lang.as_str()).collect();
        set.into_iter().map(str::to_string).collect()
    }

    /// Every table of the period for `place` (all places when `None`), suppressed with `threshold`.
    pub fn tables(&self, place: Option<&str>, threshold: u64) -> Vec<Named> {
        let mut out = Vec::new();
        let languages = self.languages(place);
        for service in self.services() {
            let questions = self
                .totals
                .iter()
                .filter(|t| t.service == service)
                .filter_map(|t| match torget_common::usage::Counter::parse(&t.counter) {
                    Some(torget_common::usage::Counter::QuestionReached(n)) => Some(n),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            let mut stages = vec!["service-opened".to_string()];
            stages.extend((1..=questions).map(|n| format!("question-{n}")));
            stages.extend(["review".to_string(), "sent".to_string()]);
            let langs: Vec<String> = languages
                .iter()
                .filter(|l| {
                    self.sum(place, |t| t.service == service && &t.lang == *l && t.counter == "service-opened") > 0
                })
                .cloned()
                .collect();
            let count = |lang: &str, counter: &str| {
                self.sum(place, |t| t.service == service && t.lang == lang && t.counter == counter)
            };
            let funnel = Table {
                cells: langs.iter().map(|l| stages.iter().map(|c| count(l, c)).collect()).collect(),
                row_totals: false,
                column_totals: true,
                grand_total: false,
            };
            out.push(Named {
                kind: "funnel",
                service: service.clone(),
                rows: langs.clone(),
                columns: stages.clone(),
                published: funnel.publish(threshold),
            });
            let mut places: Vec<String> = (1..=questions).map(|n| format!("question-{n}")).collect();
            places.push("review".into());
            let gave_up = Table {
                cells: langs
                    .iter()
                    .map(|l| {
                        places
                            .iter()
                            .map(|at| count(l, &format!("cancelled-at-{at}")) + count(l, &format!("timed-out-at-{at}")))
                            .collect()
                    })
                    .collect(),
                row_totals: true,
                column_totals: true,
                grand_total: true,
            };
            out.push(Named {
                kind: "gave-up",
                service,
                rows: langs,
                columns: places,
                published: gave_up.publish(threshold),
            });
        }
        let one_column = |kind: &'static str, rows: Vec<String>, cells: Vec<u64>, total: bool, column: &str| Named {
            kind,
            service: String::new(),
            published: Table {
                cells: cells.into_iter().map(|v| vec![v]).collect(),
                row_totals: false,
                column_totals: total,
                grand_total: false,
            }
            .publish(threshold),
            rows,
            columns: vec![column.to_string()],
        };
        let visits: Vec<u64> =
            languages.iter().map(|l| self.sum(place, |t| &t.lang == l && t.counter == "visit-started")).collect();
        out.push(one_column("languages", languages.clone(), visits, true, "visit-started"));
        let places: Vec<String> = {
            let set: BTreeSet<&str> = self
                .totals
                .iter()
                .filter(|t| place.is_none_or(|p| t.place == p) && t.counter == "help-called")
                .map(|t| t.place.as_str())
                .collect();
            set.into_iter().map(str::to_string).collect()
        };
        let help: Vec<u64> = places.iter().map(|p| self.sum(Some(p), |t| t.counter == "help-called")).collect();
        out.push(one_column("help-by-place", places, help, true, "help-called"));
        let faces: Vec<String> = (1..=5).map(|n| format!("satisfaction-{n}")).collect();
        let rated: Vec<u64> = faces.iter().map(|f| self.sum(place, |t| &t.counter == f)).collect();
        out.push(one_column("satisfaction", faces, rated, true, "answers"));
        let chosen: Vec<u64> = CHOICES.iter().map(|c| self.sum(place, |t| t.counter == *c)).collect();
        out.push(one_column("choices", CHOICES.iter().map(|c| c.to_string()).collect(), chosen, false, "visits"));
        // Sent per week (weeks start on Monday), per service.
        let mut weeks: Vec<String> = Vec::new();
        let mut per_week: std::collections::BTreeMap<(String, String), u64> = Default::default();
        for figure in self.sent_daily.iter().filter(|f| place.is_none_or(|p| f.place == p)) {
            let Some(week) = week_of(&figure.day) else { continue };
            if !weeks.contains(&week) {
                weeks.push(week.clone());
            }
            *per_week.entry((week, figure.service.clone())).or_default() += figure.value;
        }
        weeks.sort();
        let services = self.services();
        let table = Table {
            cells: weeks
                .iter()
                .map(|w| services.iter().map(|s| per_week.get(&(w.clone(), s.clone())).copied().unwrap_or(0)).collect())
                .collect(),
            row_totals: true,
            column_totals: true,
            grand_total: true,
        };
        out.push(Named {
            kind: "sent-per-week",
            service: String::new(),
            rows: weeks,
            columns: services,
            published: table.publish(threshold),
        });
        out
    }
}

/// The Monday of the week `day` (`YYYY-MM-DD`) is in.
fn week_of(day: &str) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(day, format).ok()?;
    let monday = date - time::Duration::days(i64::from(date.weekday().number_days_from_monday()));
    Some(crate::store::iso_day(monday))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_cell_is_hidden_with_a_partner_so_its_column_total_gives_nothing_away() {
        // Languages × stages of a funnel: column totals shown, row totals never.
        let table = Table {
            cells: vec![vec![40, 30, 20], vec![12, 3, 0], vec![9, 8, 7]],
            row_totals: false,
            column_totals: true,
            grand_total: false,
        };
        let p = table.publish(5);
        assert_eq!(p.cells[1][1], None, "3 is below the threshold");
        let hidden_in_column = p.cells.iter().filter(|r| r[1].is_none()).count();
        assert!(hidden_in_column >= 2 || p.column_totals[1].is_none(), "{p:?}");
        assert_eq!(p.cells[0][0], Some(40));
        assert_eq!(p.row_totals, [None, None, None]);
        // A threshold below five is taken as five.
        assert_eq!(table.publish(2), table.publish(5));
    }

    const P: u64 = (1 << 61) - 1;

    fn mul(a: u64, b: u64) -> u64 {
        ((a as u128 * b as u128) % P as u128) as u64
    }

    fn inverse(a: u64) -> u64 {
        let (mut result, mut base, mut exp) = (1, a, P - 2);
        while exp > 0 {
            if exp & 1 == 1 {
                result = mul(result, base);
            }
            base = mul(base, base);
            exp >>= 1;
        }
        result
    }

    /// The rank of integer rows (entries −1, 0, 1 mod P), by elimination over the prime field.
    fn rank(mut rows: Vec<Vec<u64>>) -> usize {
        let width = rows.first().map_or(0, Vec::len);
        let mut rank = 0;
        for col in 0..width {
            let Some(pivot) = (rank..rows.len()).find(|&r| rows[r][col] != 0) else { continue };
            rows.swap(rank, pivot);
            let inv = inverse(rows[rank][col]);
            let pivot_row: Vec<u64> = rows[rank].iter().map(|&v| mul(v, inv)).collect();
            for (r, row) in rows.iter_mut().enumerate() {
                if r != rank && row[col] != 0 {
                    let factor = row[col];
                    for (value, pivot) in row.iter_mut().zip(&pivot_row) {
                        *value = (*value + P - mul(factor, *pivot)) % P;
                    }
                }
            }
            rows[rank] = pivot_row;
            rank += 1;
        }
        rank
    }

    /// The figures an attacker can work out exactly from what is published and the identities
    /// (rows, columns and totals add up): each unknown whose unit vector is in the span of the
    /// identities restricted to the unknowns. Independent of how [`Table::publish`] chose.
    fn recoverable(table: &Table, p: &Published) -> Vec<(String, u64)> {
        let (rows, columns) = (table.rows(), table.columns());
        // Every figure: its name, value and whether it is shown.
        let mut figures: Vec<(String, u64, bool)> = Vec::new();
        for i in 0..rows {
            for j in 0..columns {
                figures.push((format!("cell {i},{j}"), table.cells[i][j], p.cells[i][j].is_some()));
            }
        }
        for i in 0..rows {
            figures.push((format!("row {i}"), table.row_total(i), p.row_totals[i].is_some()));
        }
        for j in 0..columns {
            figures.push((format!("column {j}"), table.column_total(j), p.column_totals[j].is_some()));
        }
        let grand = figures.len();
        figures.push(("grand".into(), table.cells.iter().flatten().sum(), p.grand_total.is_some()));
        let (row_at, column_at) = (rows * columns, rows * columns + rows);
        let minus_one = P - 1;
        let mut identities: Vec<Vec<u64>> = Vec::new();
        for i in 0..rows {
            let mut e = vec![0; figures.len()];
            (0..columns).for_each(|j| e[i * columns + j] = 1);
            e[row_at + i] = minus_one;
            identities.push(e);
        }
        for j in 0..columns {
            let mut e = vec![0; figures.len()];
            (0..rows).for_each(|i| e[i * columns + j] = 1);
            e[column_at + j] = minus_one;
            identities.push(e);
        }
        for (at, n) in [(row_at, rows), (column_at, columns)] {
            let mut e = vec![0; figures.len()];
            (0..n).for_each(|k| e[at + k] = 1);
            e[grand] = minus_one;
            identities.push(e);
        }
        let unknown: Vec<usize> = (0..figures.len()).filter(|&k| !figures[k].2).collect();
        let restricted: Vec<Vec<u64>> = identities.iter().map(|e| unknown.iter().map(|&k| e[k]).collect()).collect();
        let base = rank(restricted.clone());
        let mut found = Vec::new();
        for (position, &k) in unknown.iter().enumerate() {
            let mut with = restricted.clone();
            let mut unit = vec![0; unknown.len()];
            unit[position] = 1;
            with.push(unit);
            if rank(with) == base {
                found.push((figures[k].0.clone(), figures[k].1));
            }
        }
        found
    }

    #[test]
    fn no_small_figure_of_a_random_table_can_be_worked_out_from_what_is_published() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for case in 0..1500 {
            let (rows, columns) = (1 + next(6) as usize, 1 + next(6) as usize);
            let threshold = 5 + next(4);
            let cells: Vec<Vec<u64>> = (0..rows)
                .map(|_| {
                    (0..columns)
                        .map(|_| match next(10) {
                            0..=2 => 0,
                            3..=6 => 1 + next(6),
                            _ => next(60),
                        })
                        .collect()
                })
                .collect();
            let table =
                Table { cells, row_totals: next(2) == 0, column_totals: next(3) > 0, grand_total: next(2) == 0 };
            let p = table.publish(threshold);
            let small = |v: u64| v > 0 && v < threshold;
            // What is shown is true, and nothing small is shown.
            for i in 0..rows {
                for j in 0..columns {
                    let v = table.cells[i][j];
                    assert!(p.cells[i][j].is_none_or(|s| s == v && !small(v)), "case {case}: {table:?} {p:?}");
                }
                assert!(p.row_totals[i].is_none_or(|s| table.row_totals && s == table.row_total(i) && !small(s)));
            }
            for j in 0..columns {
                assert!(
                    p.column_totals[j].is_none_or(|s| table.column_totals && s == table.column_total(j) && !small(s))
                );
            }
            assert!(p.grand_total.is_none_or(|s| table.grand_total && !small(s)));
            let leaked: Vec<(String, u64)> = recoverable(&table, &p).into_iter().filter(|(_, v)| small(*v)).collect();
            assert!(leaked.is_empty(), "case {case}: {leaked:?} can be worked out of {p:?} (table {table:?})");
        }
    }

    #[test]
    fn the_check_finds_a_small_cell_left_alone_in_its_column() {
        // Without secondary suppression the oracle must see the leak, or the property means nothing.
        let table =
            Table { cells: vec![vec![3], vec![40]], row_totals: false, column_totals: true, grand_total: false };
        let naive = Published {
            cells: vec![vec![None], vec![Some(40)]],
            row_totals: vec![None, None],
            column_totals: vec![Some(43)],
            grand_total: None,
        };
        assert!(recoverable(&table, &naive).contains(&("cell 0,0".to_string(), 3)));
        let p = table.publish(5);
        assert_eq!(p.cells, [vec![None], vec![None]], "its partner is hidden too");
        assert!(recoverable(&table, &p).iter().all(|(_, v)| *v != 3));
    }
}
