<?php
// Which backend answered: the field guide's phpserver page.
header('Content-Type: text/plain');
echo gethostname() . "\n";
