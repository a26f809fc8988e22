#!/usr/bin/perl
# check-asserts: fail when a bats test body or a shell function of the test
# helpers has an `a && b` list on a line other than the body's last.
#
# bats runs a test under `set -e`, and bash ignores a failure anywhere in an
# `a && b` list but its last command: `[ x ] && [ y ]` on any line but the
# last checks nothing when `[ x ]` is false. One assertion per line.
#
#   tests/check-asserts.pl [FILE...]   (default: tests/*.bats tests/helpers/*.bash)
#
# Allowed: `&&` inside a condition (if/elif/while/until ... then/do), inside
# [[ ]], (( )), $( ), ( ), quotes and comments, and a list whose last command
# (after && or ||) is continue, break, return or exit (control flow, not an assertion). A list
# inside a loop or an if is never the body's last line: each pass but the
# last would go unchecked. Prints FILE:LINE for each, exits 1 if any.
use strict;
use warnings;
$| = 1;

my @files = @ARGV;
if (!@files) {
    chdir($0 =~ m{^(.*)/} ? "$1/.." : "..") or die "check-asserts: chdir: $!\n";
    @files = (glob("tests/*.bats"), glob("tests/helpers/*.bash"),
              glob("tests/setup_suite.bash"));
}
my $bad = 0;
for my $file (@files) {
    open my $fh, '<', $file or die "check-asserts: $file: $!\n";
    my @lines = <$fh>;
    close $fh;
    my $i = 0;
    while ($i < @lines) {
        my $l = $lines[$i];
        if ($l =~ /^\s*(?:function\s+)?[A-Za-z_][\w:-]*\s*\(\)\s*\{(.*)\}\s*(?:#.*)?$/) {
            check_body($file, $i, $1 . "\n", $lines[$i]);   # one-line function
        } elsif ($l =~ /^(\s*)\@test\s.*\{\s*$/ ||
                 $l =~ /^(\s*)(?:function\s+)?[A-Za-z_][\w:-]*\s*\(\)\s*\{\s*$/) {
            my $ind = $1;
            my $j = $i + 1;
            $j++ while $j < @lines && $lines[$j] !~ /^\Q$ind\E\}\s*$/;
            check_body($file, $i + 1, join('', @lines[$i + 1 .. $j - 1]));
            $i = $j;
        }
        $i++;
    }
}
if ($bad) {
    print STDERR "check-asserts: $bad line(s) with an && list or a negated command that cannot fail; "
        . "one assertion per line (or an if)\n";
    exit 1;
}
exit 0;

# --- a small shell scanner: statements, top-level operators, nesting ---

my ($S, $P, $N);                # the body text, the position, its length

sub skip_squote { my $e = index($S, "'", $P); $P = $e < 0 ? $N : $e + 1; }

sub skip_dquote {               # $P after the opening "
    while ($P < $N) {
        my $c = substr($S, $P, 1);
        if ($c eq '\\') { $P += 2; next; }
        if ($c eq '"') { $P++; return; }
        if (substr($S, $P, 2) eq '$(') { $P += 2; skip_paren(); next; }
        if ($c eq '`') { $P++; skip_backtick(); next; }
        $P++;
    }
}

sub skip_backtick {
    while ($P < $N) {
        my $c = substr($S, $P, 1);
        if ($c eq '\\') { $P += 2; next; }
        $P++;
        return if $c eq '`';
    }
}

sub skip_paren {                # $P after an opening (; up to its )
    my $depth = 1;
    while ($P < $N) {
        my $c = substr($S, $P, 1);
        if ($c eq '\\') { $P += 2; next; }
        if ($c eq "'") { $P++; skip_squote(); next; }
        if ($c eq '"') { $P++; skip_dquote(); next; }
        if ($c eq '`') { $P++; skip_backtick(); next; }
        $P++;
        $depth++ if $c eq '(';
        $depth-- if $c eq ')';
        return if $depth == 0;
    }
}

sub skip_until {                # $P inside; up to and past $end, quotes skipped
    my ($end) = @_;
    while ($P < $N) {
        my $c = substr($S, $P, 1);
        if ($c eq '\\') { $P += 2; next; }
        if ($c eq "'") { $P++; skip_squote(); next; }
        if ($c eq '"') { $P++; skip_dquote(); next; }
        if (substr($S, $P, 2) eq '$(') { $P += 2; skip_paren(); next; }
        if (substr($S, $P, length $end) eq $end) { $P += length $end; return; }
        $P++;
    }
}

sub line_of { my ($off) = @_; return (substr($S, 0, $off) =~ tr/\n//); }

sub check_body {
    my ($file, $first, $text, $oneline) = @_;
    ($S, $P, $N) = ($text, 0, length $text);
    my @stmts;
    my $depth = 0;
    my $word = '';
    my @heredocs;
    my $st = { words => 0, ands => [], cond => 0, cont => 0, after_and => 0,
               last => '', depth => 0, line => 0 };
    my $new = sub { return { words => 0, ands => [], cond => 0, cont => 0,
                             after_and => 0, last => '', depth => $depth,
                             line => line_of($P) }; };
    my $endword = sub {
        return if $word eq '';
        my $w = $word;
        $word = '';
        $st->{cont} = 0;
        if ($st->{words} == 0) {
            if ($w =~ /^(do|then|else|\{)$/) {      # a prefix, not a command
                $depth++ if $w eq '{';
                $st->{depth} = $depth;
                return;
            }
            if ($w =~ /^(done|fi|esac|\})$/) { $depth--; return; }
            if ($w =~ /^(if|while|until)$/) { $depth++; $st->{cond} = 1; }
            $st->{cond} = 1 if $w eq 'elif';
            $depth++ if $w =~ /^(for|case|select)$/;
            if ($w eq "!") { @$st{qw(neg line)} = (1, line_of($P)); return; }
        }
        if ($st->{after_and}) { $st->{last} = $w; $st->{after_and} = 0; }
        $st->{words}++;
    };
    my $endstmt = sub {
        $endword->();
        push @stmts, $st if $st->{words} > 0;
        $st = $new->();
    };
    while ($P < $N) {
        my $c = substr($S, $P, 1);
        my $two = substr($S, $P, 2);
        if ($c eq '\\') {
            if (substr($S, $P + 1, 1) eq "\n") { $endword->(); } else { $word .= $two; }
            $P += 2;
            next;
        }
        if ($c eq '#' && $word eq '') { $P++ while $P < $N && substr($S, $P, 1) ne "\n"; next; }
        if ($c eq "'") { $P++; skip_squote(); $word .= 'Q'; next; }
        if ($c eq '"') { $P++; skip_dquote(); $word .= 'Q'; next; }
        if ($c eq '`') { $P++; skip_backtick(); $word .= 'Q'; next; }
        if ($two eq '$(') { $P += 2; skip_paren(); $word .= 'S'; next; }
        if ($two eq '${') { $P += 2; skip_until('}'); $word .= 'V'; next; }
        if ($two eq '[[' && $word eq '') { $P += 2; skip_until(']]'); $word = '[[]]'; next; }
        if ($c eq '(') { $P++; skip_paren(); $word .= '()'; next; }
        if ($two eq '&&' || $two eq '||') {
            $endword->();
            if ($two eq '&&') {
                push @{$st->{ands}}, $P;
                $st->{after_and} = 1;
            } else {
                $st->{after_and} = 1;          # a || b: b is the list's end too
                $st->{last} = '';
            }
            $st->{cont} = 1;
            $P += 2;
            next;
        }
        if ($two eq '<<' && substr($S, $P, 3) ne '<<<') {
            $P += 2;
            my $dash = substr($S, $P, 1) eq '-' ? 1 : 0;
            $P += $dash;
            if (substr($S, $P) =~ /^\s*(['"]?)(\w+)\1/) {
                push @heredocs, [$2, $dash];
                $P += length $&;
            }
            next;
        }
        if ($c eq '|') { $endword->(); $st->{cont} = 1; $P++; next; }
        if ($c eq ';' || $c eq '&') { $endstmt->(); $P++; next; }
        if ($c eq "\n") {
            $endword->();
            $P++;
            $endstmt->() unless $st->{cont};
            for my $h (@heredocs) {     # the document is no shell text
                my ($delim, $dash) = @$h;
                while ($P < $N) {
                    my $e = index($S, "\n", $P);
                    $e = $N if $e < 0;
                    my $line = substr($S, $P, $e - $P);
                    $P = $e + 1;
                    $line =~ s/^\t+// if $dash;
                    last if $line eq $delim;
                }
            }
            @heredocs = ();
            next;
        }
        if ($c =~ /\s/) { $endword->(); $P++; next; }
        $word .= $c;
        $P++;
    }
    $endstmt->();
    for my $k (0 .. $#stmts) {
        my $t = $stmts[$k];
        next unless @{$t->{ands}} || $t->{neg};
        next if $t->{cond};
        next if $t->{last} =~ /^(continue|break|return|exit)$/;
        next if $k == $#stmts && $t->{depth} == 0;      # the body's last line
        my $at = @{$t->{ands}} ? line_of($t->{ands}[0]) : $t->{line};
        my $ln = $first + $at;
        my $src = defined $oneline ? $oneline : (split /\n/, $S)[$at];
        $src =~ s/^\s+|\s+$//g;
        printf "%s:%d: %s on a line other than the body's last: %s\n", $file,
            $ln + 1, @{$t->{ands}} ? '&& list' : 'negated command', $src;
        $bad++;
    }
}
